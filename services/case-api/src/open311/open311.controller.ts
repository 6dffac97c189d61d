import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  UseFilters,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@bishan/domain';
import { openApiSchemaOf, ZodValidationPipe } from '@bishan/service-runtime';
import { z } from 'zod';
import { CurrentActor } from '../auth/current-actor.decorator';
import { idempotencyKeyOf } from '../idempotency/idempotency.interceptor';
import { Open311ErrorFilter, Open311Exception } from './open311-error.filter';
import { Open311Handler } from './open311.handler';
import {
  createServiceRequestBody,
  listServiceRequestsQuery,
  readServiceRequestQuery,
  type CreateServiceRequestBody,
  type ListServiceRequestsQuery,
} from './open311.schemas';

const jsonPathId = z.string().trim().min(1).max(100);

/**
 * Open311 GeoReport v2, JSON only (the .xml forms are not served). Services are case categories
 * and public; service requests are cases, created by and scoped to the bearer token's actor (or
 * the token passed as api_key), exactly as on /cases.
 */
@ApiTags('open311')
@ApiBearerAuth()
@UseFilters(Open311ErrorFilter)
@Controller('open311/v2')
export class Open311Controller {
  constructor(private readonly open311: Open311Handler) {}

  @Get('services.json')
  @ApiOperation({ summary: 'Open311 service list: one service per case category' })
  services() {
    return this.open311.services();
  }

  @Get('services/:file')
  @ApiOperation({ summary: 'Open311 service definition ({service_code}.json); no extra attributes' })
  service(@Param('file') file: string) {
    return this.open311.service(jsonFile(file));
  }

  @Post('requests.json')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Open311: create a service request, raising a case (answers [{service_request_id}])',
  })
  @ApiBody({ schema: openApiSchemaOf(createServiceRequestBody) })
  create(
    @Body(new ZodValidationPipe(createServiceRequestBody)) body: CreateServiceRequestBody,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
  ) {
    return this.open311.create(body, actor, idempotencyKeyOf(request));
  }

  @Get('requests.json')
  @ApiOperation({ summary: 'Open311: service requests in the caller’s scope, newest first' })
  list(
    @Query(new ZodValidationPipe(listServiceRequestsQuery, 'query')) query: ListServiceRequestsQuery,
    @CurrentActor() actor: Actor,
  ) {
    return this.open311.list(query, actor);
  }

  @Get('requests/:file')
  @ApiOperation({ summary: 'Open311: one service request ({service_request_id}.json)' })
  get(
    @Param('file') file: string,
    @Query(new ZodValidationPipe(readServiceRequestQuery, 'query')) _query: unknown,
    @CurrentActor() actor: Actor,
  ) {
    return this.open311.get(jsonFile(file), actor);
  }
}

/** `{id}.json` → id (the router has decoded it already); the XML format is not served. */
function jsonFile(file: string): string {
  const match = /^(.+)\.json$/.exec(file);
  if (!match) throw new Open311Exception(HttpStatus.NOT_FOUND, 'only the .json format is served');
  return new ZodValidationPipe(jsonPathId, 'path').transform(match[1]);
}
