import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@bishan/domain';
import { CurrentActor, openApiSchemaOf, ZodValidationPipe } from '@bishan/service-runtime';
import { AdminOnlyGuard } from '../auth/admin-only.guard';
import { OrganisationAdminHandler } from './organisation-admin.handler';
import {
  courtyardListQuery,
  createCourtyardBody,
  createDepartmentBody,
  createTownBody,
  createVillageBody,
  idParam,
  updateCourtyardBody,
  updateDepartmentBody,
  updateDistrictLeaderBody,
  updateTownBody,
  updateVillageBody,
  villageListQuery,
  type CourtyardListQuery,
  type CreateCourtyardBody,
  type CreateDepartmentBody,
  type CreateTownBody,
  type CreateVillageBody,
  type UpdateCourtyardBody,
  type UpdateDepartmentBody,
  type UpdateDistrictLeaderBody,
  type UpdateTownBody,
  type UpdateVillageBody,
  type VillageListQuery,
} from './organisation-admin.schemas';

const idPipe = new ZodValidationPipe(idParam, 'path');
const pageQueries = [
  { name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
  { name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } },
] as const;

/**
 * The organisation's records (admin role only). A refused edit is a problem document naming the
 * field — 404 for an unknown record, 409 for a taken id, 422 for a reference to nothing — and
 * changes nothing; an accepted one answers the record as stored and reaches the rules at once.
 */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminOnlyGuard)
@Controller('admin/organisation')
export class OrganisationAdminController {
  constructor(private readonly admin: OrganisationAdminHandler) {}

  @Get()
  @ApiOperation({ summary: 'The district, the revision, the number of records of each kind and the case categories' })
  summary() {
    return this.admin.summary();
  }

  @Get('towns')
  @ApiOperation({ summary: 'Towns (镇街) with their leaders, triage members and linked district leaders' })
  towns() {
    return this.admin.list('towns');
  }

  @Get('towns/:id')
  @ApiParam({ name: 'id' })
  town(@Param('id', idPipe) id: string) {
    return this.admin.get('towns', id);
  }

  @Post('towns')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a town, linked to the named district leaders (the first ranking leader is its primary link)' })
  @ApiBody({ schema: openApiSchemaOf(createTownBody) })
  createTown(@CurrentActor() actor: Actor, @Body(new ZodValidationPipe(createTownBody)) body: CreateTownBody) {
    return this.admin.createTown(actor, body);
  }

  @Patch('towns/:id')
  @ApiParam({ name: 'id' })
  @ApiBody({ schema: openApiSchemaOf(updateTownBody) })
  updateTown(@CurrentActor() actor: Actor, @Param('id', idPipe) id: string, @Body(new ZodValidationPipe(updateTownBody)) body: UpdateTownBody) {
    return this.admin.updateTown(actor, id, body);
  }

  @Get('villages')
  @ApiOperation({ summary: 'Villages and communities (村/社区) with their secretary, a page at a time' })
  @ApiQuery({ name: 'townId', required: false })
  @ApiQuery(pageQueries[0])
  @ApiQuery(pageQueries[1])
  villages(@Query(new ZodValidationPipe(villageListQuery, 'query')) query: VillageListQuery) {
    return this.admin.villages(query);
  }

  @Get('villages/:id')
  @ApiParam({ name: 'id' })
  village(@Param('id', idPipe) id: string) {
    return this.admin.get('villages', id);
  }

  @Post('villages')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a village to an existing town' })
  @ApiBody({ schema: openApiSchemaOf(createVillageBody) })
  createVillage(@CurrentActor() actor: Actor, @Body(new ZodValidationPipe(createVillageBody)) body: CreateVillageBody) {
    return this.admin.createVillage(actor, body);
  }

  @Patch('villages/:id')
  @ApiParam({ name: 'id' })
  @ApiBody({ schema: openApiSchemaOf(updateVillageBody) })
  updateVillage(
    @CurrentActor() actor: Actor,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(updateVillageBody)) body: UpdateVillageBody,
  ) {
    return this.admin.updateVillage(actor, id, body);
  }

  @Get('courtyards')
  @ApiOperation({ summary: 'Courtyards (院坝) with their cadres, a page at a time' })
  @ApiQuery({ name: 'townId', required: false })
  @ApiQuery({ name: 'villageId', required: false })
  @ApiQuery(pageQueries[0])
  @ApiQuery(pageQueries[1])
  courtyards(@Query(new ZodValidationPipe(courtyardListQuery, 'query')) query: CourtyardListQuery) {
    return this.admin.courtyards(query);
  }

  @Get('courtyards/:id')
  @ApiParam({ name: 'id' })
  courtyard(@Param('id', idPipe) id: string) {
    return this.admin.get('courtyards', id);
  }

  @Post('courtyards')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a courtyard to an existing village' })
  @ApiBody({ schema: openApiSchemaOf(createCourtyardBody) })
  createCourtyard(@CurrentActor() actor: Actor, @Body(new ZodValidationPipe(createCourtyardBody)) body: CreateCourtyardBody) {
    return this.admin.createCourtyard(actor, body);
  }

  @Patch('courtyards/:id')
  @ApiParam({ name: 'id' })
  @ApiBody({ schema: openApiSchemaOf(updateCourtyardBody) })
  updateCourtyard(
    @CurrentActor() actor: Actor,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(updateCourtyardBody)) body: UpdateCourtyardBody,
  ) {
    return this.admin.updateCourtyard(actor, id, body);
  }

  @Get('departments')
  @ApiOperation({ summary: 'Departments with their duty lists (职责清单, primary duties first), leaders, handlers and supervising leader' })
  departments() {
    return this.admin.list('departments');
  }

  @Get('departments/:id')
  @ApiParam({ name: 'id' })
  department(@Param('id', idPipe) id: string) {
    return this.admin.get('departments', id);
  }

  @Post('departments')
  @HttpCode(201)
  @ApiOperation({ summary: "Add a department, in its supervising district leader's portfolio" })
  @ApiBody({ schema: openApiSchemaOf(createDepartmentBody) })
  createDepartment(@CurrentActor() actor: Actor, @Body(new ZodValidationPipe(createDepartmentBody)) body: CreateDepartmentBody) {
    return this.admin.createDepartment(actor, body);
  }

  @Patch('departments/:id')
  @ApiOperation({ summary: 'Change a department; a new duty list decides which published cases it sees and may claim' })
  @ApiParam({ name: 'id' })
  @ApiBody({ schema: openApiSchemaOf(updateDepartmentBody) })
  updateDepartment(
    @CurrentActor() actor: Actor,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(updateDepartmentBody)) body: UpdateDepartmentBody,
  ) {
    return this.admin.updateDepartment(actor, id, body);
  }

  @Get('district-leaders')
  @ApiOperation({ summary: 'District leaders (区领导) in rank order, with linked towns and portfolio' })
  districtLeaders() {
    return this.admin.list('district-leaders');
  }

  @Get('district-leaders/:id')
  @ApiParam({ name: 'id' })
  districtLeader(@Param('id', idPipe) id: string) {
    return this.admin.get('district-leaders', id);
  }

  @Patch('district-leaders/:id')
  @ApiOperation({
    summary: "Change a district leader's title, linked towns (first = primary) or portfolio (departments added leave their previous one)",
  })
  @ApiParam({ name: 'id' })
  @ApiBody({ schema: openApiSchemaOf(updateDistrictLeaderBody) })
  updateDistrictLeader(
    @CurrentActor() actor: Actor,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(updateDistrictLeaderBody)) body: UpdateDistrictLeaderBody,
  ) {
    return this.admin.updateDistrictLeader(actor, id, body);
  }

  @Get('top-district-leaders')
  @ApiOperation({ summary: '区委主要领导, in rank order' })
  topDistrictLeaders() {
    return this.admin.list('top-district-leaders');
  }
}
