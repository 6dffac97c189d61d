import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@bishan/config';
import { APP_CONFIG, bootstrapService } from '@bishan/service-runtime';
import { ReportingModule } from './reporting.module';

void bootstrapService({
  name: 'reporting',
  module: ReportingModule,
  port: (app) => app.get<AppConfig>(APP_CONFIG).ports.reporting,
  configure: (app) => {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Bishan reporting')
        .setDescription("The district's KPIs, folded from the case and meeting events; CSV and XLSX exports.")
        .setVersion('0.1.0')
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
        .build(),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  },
});
