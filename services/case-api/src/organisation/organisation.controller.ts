import { Controller, Get, Header, HttpStatus } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { personName, seedUsers } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { CurrentActor, ProblemException } from '@bishan/service-runtime';
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

  /**
   * The officials' names, so that pages show people (a leader with their title) instead of ids.
   * Signed-in officials only: residents and the public get no staff list.
   */
  @Get('people')
  @ApiBearerAuth()
  @Header('cache-control', 'private, max-age=60')
  @ApiOperation({ summary: "Officials' names and leaders' titles by id, for signed-in officials" })
  people(@CurrentActor() actor: Actor) {
    if (actor.role === 'resident') {
      throw new ProblemException({
        type: 'https://bishan.example/problems/forbidden',
        title: 'forbidden',
        status: HttpStatus.FORBIDDEN,
        detail: 'the list of officials is for officials',
      });
    }
    const org = this.organisation.current();
    const titles = new Map([...org.topDistrictLeaders, ...org.districtLeaders].map((l) => [l.id, l.title]));
    return seedUsers(org)
      .filter((user) => user.roles.length > 0 && !user.roles.includes('resident'))
      .map((user) => ({ id: user.id, name: personName(user.id), ...(titles.has(user.id) ? { title: titles.get(user.id) } : {}) }));
  }
}
