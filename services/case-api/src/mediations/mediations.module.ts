import { Module } from '@nestjs/common';
import { VisibleCases } from '../cases/visible-cases';
import { MediationsController } from './mediations.controller';
import { MediationsHandler } from './mediations.handler';

/** Mediation records; the database and the organisation come from the global modules. */
@Module({ controllers: [MediationsController], providers: [VisibleCases, MediationsHandler] })
export class MediationsModule {}
