import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { devSigningKeyProvider, tokenVerifierProvider } from '@bishan/auth';
import type { AppConfig } from '@bishan/config';
import { AdminAuditLog, type Database } from '@bishan/db';
import {
  APP_CONFIG,
  DATABASE,
  HEALTH_CHECKS,
  HealthController,
  ProblemDetailsFilter,
  RuntimeModule,
  WriteRateLimitInterceptor,
  type HealthChecks,
} from '@bishan/service-runtime';
import { CalendarWatchService } from './calendar/calendar-watch.service';
import { NotificationConsumerService } from './case-events/notification-consumer.service';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { DeadLettersService } from './dead-letters/dead-letters.service';
import { DeliveriesController } from './delivery/deliveries.controller';
import { DeliveriesRepository } from './delivery/deliveries.repository';
import { DeliveryDispatcherService } from './delivery/delivery-dispatcher.service';
import { TokenAuthGuard } from './http/token-auth.guard';
import { InboxController } from './inbox/inbox.controller';
import { InboxStream } from './inbox/inbox-stream';
import { NotificationMessagesRepository } from './inbox/notification-messages.repository';
import { StreamSlots } from './inbox/stream-slots';
import { StreamTickets } from './inbox/stream-tickets';
import { StreamTicketGuard } from './http/stream-ticket.guard';
import { NotificationsController } from './notifications.controller';
import { PreferencesController } from './preferences/preferences.controller';
import { PreferencesRepository } from './preferences/preferences.repository';
import { PublicNoticesController } from './publication/public-notices.controller';
import { PublicNoticesHandler } from './publication/public-notices.handler';
import { TemplatesController } from './templates/templates.controller';
import { TemplatesRepository } from './templates/templates.repository';
import { TemplateSeeder } from './templates/templates.service';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksRepository } from './webhooks/webhooks.repository';

@Module({
  imports: [RuntimeModule],
  controllers: [
    HealthController,
    NotificationsController,
    InboxController,
    PreferencesController,
    TemplatesController,
    WebhooksController,
    DeliveriesController,
    DeadLettersController,
    PublicNoticesController,
  ],
  providers: [
    NotificationMessagesRepository,
    PreferencesRepository,
    DeliveriesRepository,
    WebhooksRepository,
    TemplatesRepository,
    PublicNoticesHandler,
    { provide: AdminAuditLog, inject: [DATABASE, APP_CONFIG], useFactory: (db: Database, config: AppConfig) => new AdminAuditLog(db, config.audit) },
    TemplateSeeder,
    InboxStream,
    CalendarWatchService,
    NotificationConsumerService,
    DeliveryDispatcherService,
    DeadLettersService,
    devSigningKeyProvider(APP_CONFIG),
    tokenVerifierProvider(APP_CONFIG, DATABASE),
    TokenAuthGuard,
    { provide: StreamTickets, inject: [DATABASE], useFactory: (db: Database) => new StreamTickets(db) },
    StreamTicketGuard,
    { provide: StreamSlots, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new StreamSlots(config.limits.streamsPerPerson) },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_INTERCEPTOR, useClass: WriteRateLimitInterceptor },
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
