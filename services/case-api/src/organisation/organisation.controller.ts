import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { OrganisationStore } from './organisation.store';

/**
 * The public shape of the district — towns, villages, departments with their duty lists, district
 * leaders' titles and portfolios, and the categories a case can have — for pickers and tables in
 * client programs. Names and duties are public; people (cadres, handlers) are not listed here.
 * Served from the store, so an admin edit shows here as soon as the rules see it.
 */
@ApiTags('organisation')
@Controller('organisation')
export class OrganisationController {
  constructor(private readonly organisation: OrganisationStore) {}

  @Get()
  @Header('cache-control', 'public, max-age=60')
  @ApiOperation({ summary: 'The district, its towns and villages, departments with duty lists, and case categories' })
  summary() {
    const org = this.organisation.current();
    return {
      revision: this.organisation.revision(),
      district: { id: org.district.id, name: org.district.name },
      towns: org.towns.map((t) => ({ id: t.id, name: t.name })),
      villages: org.villages.map((v) => ({ id: v.id, name: v.name, townId: v.townId })),
      departments: org.departments.map((d) => ({ id: d.id, name: d.name, dutyCategories: d.dutyCategories })),
      districtLeaders: org.districtLeaders.map((l) => ({ id: l.id, title: l.title, departmentIds: l.departmentIds })),
      categories: this.organisation.categories(),
    };
  }
}
