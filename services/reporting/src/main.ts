import type { AppConfig } from '@bishan/config';
import { APP_CONFIG, bootstrapService } from '@bishan/service-runtime';
import { ReportingModule } from './reporting.module';

void bootstrapService({
  name: 'reporting',
  module: ReportingModule,
  port: (app) => app.get<AppConfig>(APP_CONFIG).ports.reporting,
});
