import { bootstrapService, APP_CONFIG } from '@bishan/service-runtime';
import type { AppConfig } from '@bishan/config';
import { CaseWorkerModule } from './case-worker.module';

void bootstrapService({
  name: 'case-worker',
  module: CaseWorkerModule,
  port: (app) => app.get<AppConfig>(APP_CONFIG).ports.caseWorker,
});
