import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { loadConfig, type AppConfig } from '@bishan/config';
import { createDatabase, type Database } from '@bishan/db';
import { LoggerModule } from 'nestjs-pino';
import { httpLoggerOptions } from './observability/logger';
import { APP_CONFIG, DATABASE } from './tokens';

/**
 * Configuration (validated once), the database client and the structured logger (pino through
 * nestjs-pino, with declared redaction), available to every module of a service.
 */
@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ pinoHttp: httpLoggerOptions(config.logLevel) }),
    }),
  ],
  providers: [
    { provide: APP_CONFIG, useFactory: (): AppConfig => loadConfig() },
    {
      provide: DATABASE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Promise<Database> => createDatabase(config.databaseUrl),
    },
  ],
  exports: [APP_CONFIG, DATABASE],
})
export class RuntimeModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.$disconnect();
  }
}
