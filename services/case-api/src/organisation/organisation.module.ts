import { Global, Module } from '@nestjs/common';
import { OrganisationController } from './organisation.controller';
import { OrganisationStore } from './organisation.store';

/** The organisation from its tables, shared by the rules, the login, read scoping and the admin endpoints. */
@Global()
@Module({ controllers: [OrganisationController], providers: [OrganisationStore], exports: [OrganisationStore] })
export class OrganisationModule {}
