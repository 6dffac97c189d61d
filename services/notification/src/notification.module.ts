import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Database } from '@bishan/db';
import {
  DATABASE,
  HEALTH_CHECKS,
  HealthController,
  ProblemDetailsFilter,
  RuntimeModule,
  type HealthChecks,
} from '@bishan/service-runtime';
import { NotificationConsumerService } from './case-events/notification-consumer.service';
import { NotificationsController } from './notifications.controller';

@Module({
  imports: [RuntimeModule],
  controllers: [HealthController, NotificationsController],
  providers: [
    NotificationConsumerService,
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    {
      provide: HEALTH_CHECKS,
      inject: [DATABASE, NotificationConsumerService],
      useFactory: (db: Database, consumer: NotificationConsumerService): HealthChecks => ({
        database: () => db.$queryRawUnsafe('SELECT 1'),
        kafka: () => consumer.ping(),
      }),
    },
  ],
})
export class NotificationModule {}
