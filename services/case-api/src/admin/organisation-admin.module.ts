import { Module } from '@nestjs/common';
import { OrganisationAdminController } from './organisation-admin.controller';
import { OrganisationAdminHandler } from './organisation-admin.handler';

/** Organisation administration; the store comes from the global OrganisationModule. */
@Module({
  controllers: [OrganisationAdminController],
  providers: [OrganisationAdminHandler],
})
export class OrganisationAdminModule {}
