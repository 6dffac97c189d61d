import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@bishan/domain';
import { CurrentActor, openApiSchemaOf, ZodValidationPipe } from '@bishan/service-runtime';
import { z } from 'zod';
import { idempotencyKeyOf } from '../idempotency/idempotency.interceptor';
import { Open311Exception } from './open311-error.filter';
import { fileOf, type Open311Format } from './open311-format';
import { xmlDocument, xmlList } from './open311-xml';
import { Open311Handler } from './open311.handler';
import {
  createServiceRequestBody,
  listServiceRequestsQuery,
  readServiceRequestQuery,
  type CreateServiceRequestBody,
  type ListServiceRequestsQuery,
} from './open311.schemas';

const pathId = z.string().trim().min(1).max(100);

/** Each document in the form the path asks for: JSON as is, XML as GeoReport v2 writes it. */
const as = {
  services: (format: Open311Format, services: object[]) => (format === 'xml' ? xmlList('services', 'service', services) : services),
  definition: (format: Open311Format, definition: object) =>
    format === 'xml' ? xmlDocument('service_definition', definition, 'attribute') : definition,
  requests: (format: Open311Format, requests: object[]) => (format === 'xml' ? xmlList('service_requests', 'request', requests) : requests),
};

/**
 * Open311 GeoReport v2, in its JSON and XML forms (the path's extension chooses; XML answers carry
 * `application/xml`, see installOpen311Responses). Services are case categories and public; service
 * requests are cases, created by and scoped to the bearer token's actor (or the token passed as
 * api_key), exactly as on /cases. POST bodies may be JSON or, as 311 clients send them,
 * application/x-www-form-urlencoded. Errors are answered in Open311's shape (CaseApiErrorFilter).
 */
@ApiTags('open311')
@ApiBearerAuth()
@Controller('open311/v2')
export class Open311Controller {
  constructor(private readonly open311: Open311Handler) {}

  @Get('services.json')
  @ApiOperation({ summary: 'Open311 service list: one service per case category' })
  servicesJson() {
    return this.open311.services();
  }

  @Get('services.xml')
  @ApiOperation({ summary: 'Open311 service list, XML form' })
  servicesXml() {
    return as.services('xml', this.open311.services());
  }

  @Get('services/:file')
  @ApiOperation({ summary: 'Open311 service definition ({service_code}.json or .xml); no extra attributes' })
  service(@Param('file') file: string) {
    const { name, format } = requestedFile(file);
    return as.definition(format, this.open311.service(name));
  }

  @Post('requests.json')
  @HttpCode(201)
  @ApiOperation({ summary: 'Open311: create a service request, raising a case (answers [{service_request_id}])' })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ schema: openApiSchemaOf(createServiceRequestBody) })
  createJson(
    @Body(new ZodValidationPipe(createServiceRequestBody)) body: CreateServiceRequestBody,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
  ) {
    return this.open311.create(body, actor, idempotencyKeyOf(request));
  }

  @Post('requests.xml')
  @HttpCode(201)
  @ApiOperation({ summary: 'Open311: create a service request, XML form of the answer' })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ schema: openApiSchemaOf(createServiceRequestBody) })
  async createXml(
    @Body(new ZodValidationPipe(createServiceRequestBody)) body: CreateServiceRequestBody,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
  ) {
    return as.requests('xml', await this.open311.create(body, actor, idempotencyKeyOf(request)));
  }

  @Get('requests.json')
  @ApiOperation({ summary: 'Open311: service requests in the caller’s scope, newest first' })
  listJson(@Query(new ZodValidationPipe(listServiceRequestsQuery, 'query')) query: ListServiceRequestsQuery, @CurrentActor() actor: Actor) {
    return this.open311.list(query, actor);
  }

  @Get('requests.xml')
  @ApiOperation({ summary: 'Open311: service requests in the caller’s scope, XML form' })
  async listXml(@Query(new ZodValidationPipe(listServiceRequestsQuery, 'query')) query: ListServiceRequestsQuery, @CurrentActor() actor: Actor) {
    return as.requests('xml', await this.open311.list(query, actor));
  }

  @Get('requests/:file')
  @ApiOperation({ summary: 'Open311: one service request ({service_request_id}.json or .xml), readable as soon as it is created' })
  async get(
    @Param('file') file: string,
    @Query(new ZodValidationPipe(readServiceRequestQuery, 'query')) _query: unknown,
    @CurrentActor() actor: Actor,
  ) {
    const { name, format } = requestedFile(file);
    return as.requests(format, await this.open311.get(name, actor));
  }
}

/** `{id}.json` / `{id}.xml` → id and form (the router has decoded it already); anything else is a 404. */
function requestedFile(file: string): { name: string; format: Open311Format } {
  const parsed = fileOf(file);
  if ('status' in parsed) throw new Open311Exception(parsed.status, parsed.description);
  return { name: new ZodValidationPipe(pathId, 'path').transform(parsed.name), format: parsed.format };
}
