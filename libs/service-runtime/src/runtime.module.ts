import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { loadConfig, type AppConfig } from '@bishan/config';
import { createDatabase, type Database } from '@bishan/db';
import { APP_CONFIG, DATABASE } from './tokens';

/** Configuration (validated once) and the database client, available to every module of a service. */
@Global()
@Module({
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
