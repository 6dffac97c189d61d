import type { AppConfig } from '@bishan/config';
import { APP_CONFIG, bootstrapService } from '@bishan/service-runtime';
import { NotificationModule } from './notification.module';

void bootstrapService({
  name: 'notification',
  module: NotificationModule,
  port: (app) => app.get<AppConfig>(APP_CONFIG).ports.notification,
});
