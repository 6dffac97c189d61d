import { Module } from '@nestjs/common';
import { KeyHouseholdsController, MeetingVisitsController, ResidentGroupsController } from '../key-households/key-households.controller';
import { KeyHouseholdsHandler } from '../key-households/key-households.handler';
import { temporalClientProvider } from '../temporal/temporal-client.provider';
import { MeetingDutiesController } from './meeting-duties.controller';
import { MeetingDutiesHandler } from './meeting-duties.handler';

/** Meeting duties and key households; the database, configuration and organisation come from the global modules. */
@Module({
  controllers: [MeetingDutiesController, KeyHouseholdsController, ResidentGroupsController, MeetingVisitsController],
  providers: [temporalClientProvider, MeetingDutiesHandler, KeyHouseholdsHandler],
})
export class MeetingDutiesModule {}
