import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@bishan/config';
import { APP_CONFIG, bootstrapService } from '@bishan/service-runtime';
import { CaseApiModule } from './case-api.module';
import { installOpen311FormParser, installOpen311Responses } from './open311/open311-form-body';

void bootstrapService({
  name: 'case-api',
  module: CaseApiModule,
  port: (app) => app.get<AppConfig>(APP_CONFIG).ports.caseApi,
  configure: (app) => {
    installOpen311FormParser(app.getHttpAdapter().getInstance());
    installOpen311Responses(app.getHttpAdapter().getInstance());
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Bishan courtyard-meeting cases')
        .setDescription('Raise and follow resident cases through the closed loop.')
        .setVersion('0.1.0')
        // Every route but /health, /metrics, /docs and /auth/* needs it; /auth/dev-login issues one in development.
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
        .build(),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  },
});
