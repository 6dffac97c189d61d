import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@bishan/domain';
import { ApiQueriesOf, CurrentActor, openApiSchemaOf, ZodValidationPipe } from '@bishan/service-runtime';
import { KeyHouseholdsHandler } from './key-households.handler';
import {
  groupsQuery,
  householdListQuery,
  registerHouseholdBody,
  visitsBody,
  type GroupsQuery,
  type HouseholdListQuery,
  type RegisterHouseholdBody,
  type VisitsBody,
} from './key-households.schemas';

/** Key households (四必到四必访), kept per courtyard by the village secretary and town leadership. */
@ApiTags('meeting-duties')
@ApiBearerAuth()
@Controller('key-households')
export class KeyHouseholdsController {
  constructor(private readonly households: KeyHouseholdsHandler) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a key household of a courtyard' })
  @ApiBody({ schema: openApiSchemaOf(registerHouseholdBody) })
  register(@CurrentActor() actor: Actor, @Body(new ZodValidationPipe(registerHouseholdBody)) body: RegisterHouseholdBody) {
    return this.households.register(actor, body);
  }

  @Post(':id/retire')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire a key household (it stays in past coverage)' })
  retire(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.households.retire(actor, id);
  }

  @Get()
  @ApiOperation({ summary: 'Key households in my places, with whether a meeting of the half-year visited them' })
  @ApiQueriesOf(householdListQuery)
  list(@CurrentActor() actor: Actor, @Query(new ZodValidationPipe(householdListQuery, 'query')) query: HouseholdListQuery) {
    return this.households.list(actor, query);
  }
}

/** The residents' groups (村民小组) of a village and their courtyards. */
@ApiTags('organisation')
@ApiBearerAuth()
@Controller('resident-groups')
export class ResidentGroupsController {
  constructor(private readonly households: KeyHouseholdsHandler) {}

  @Get()
  @ApiOperation({ summary: "A village's residents' groups (村民小组) with their courtyards" })
  @ApiQueriesOf(groupsQuery)
  groups(@Query(new ZodValidationPipe(groupsQuery, 'query')) query: GroupsQuery) {
    return this.households.groups(query.villageId);
  }
}

/** Which key households a meeting visited. */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings')
export class MeetingVisitsController {
  constructor(private readonly households: KeyHouseholdsHandler) {}

  @Post(':id/key-household-visits')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the key households the meeting visited (its convener, within a day of its close)' })
  @ApiBody({ schema: openApiSchemaOf(visitsBody) })
  record(@CurrentActor() actor: Actor, @Param('id') id: string, @Body(new ZodValidationPipe(visitsBody)) body: VisitsBody) {
    return this.households.recordVisits(actor, id, body.householdIds);
  }

  @Get(':id/key-household-visits')
  visits(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.households.visits(actor, id);
  }
}
