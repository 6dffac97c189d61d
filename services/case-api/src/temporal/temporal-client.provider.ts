import type { Provider } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { temporalConnectionOptionsOf, type AppConfig } from '@bishan/config';
import { APP_CONFIG } from '@bishan/service-runtime';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

export const temporalClientProvider: Provider = {
  provide: TEMPORAL_CLIENT,
  inject: [APP_CONFIG],
  useFactory: async (config: AppConfig): Promise<Client> => {
    const connection = await Connection.connect(temporalConnectionOptionsOf(config.temporal));
    return new Client({ connection, namespace: config.temporal.namespace });
  },
};
