import { Global, Module } from '@nestjs/common';
import { DIRECTORY, directoryProvider, ORGANISATION, organisationProvider } from './directory.provider';

/** The organisation, built once and shared by the rules, the login and read scoping. */
@Global()
@Module({ providers: [directoryProvider, organisationProvider], exports: [DIRECTORY, ORGANISATION] })
export class OrganisationModule {}
