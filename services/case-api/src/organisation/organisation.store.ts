import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { bishanOrganisation, OrganisationRepository, toDirectory, type BishanOrganisation, type Database } from '@bishan/db';
import type { Directory, PlaceDirectory } from '@bishan/domain';
import { PollingLoop } from '@bishan/messaging';
import { DATABASE } from '@bishan/service-runtime';

/**
 * How often an instance checks the revision for edits made through another instance. An edit made
 * here is served at once (the admin handler reloads after it); elsewhere within this period.
 */
export const ORGANISATION_REFRESH_MS = 5_000;

interface Snapshot {
  readonly revision: number;
  readonly organisation: BishanOrganisation;
  readonly directory: Directory;
  readonly categories: readonly string[];
  readonly places: PlaceDirectory;
}

/**
 * The organisation every reader of the API consults (the rules' directory, read scoping, the
 * development login, Open311, the admin endpoints), served from memory. The tables are the truth:
 * the snapshot is replaced after an edit and whenever the revision row has moved.
 *
 * Seeding happens here, on first start against an empty database, rather than next to the
 * migrations: `infra/bootstrap.mjs` and the test stacks' `createTestDatabase` only run Prisma's
 * migrations (plain Node, no TypeScript), while every process that needs the organisation passes
 * through this store or the worker's directory loader. The seed is a no-op once done and safe when
 * the API and the worker start together (see `OrganisationRepository.seedIfEmpty`).
 */
@Injectable()
export class OrganisationStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('organisation');
  private readonly repository: OrganisationRepository;
  private snapshot: Snapshot | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly loop = new PollingLoop(() => this.refresh(), {
    name: 'organisation refresh',
    intervalMs: ORGANISATION_REFRESH_MS,
    // Loaded at start: the first refresh is one period later.
    firstAfterInterval: true,
    log: (level, message) => this.logger[level](message),
  });

  constructor(@Inject(DATABASE) db: Database) {
    this.repository = new OrganisationRepository(db);
  }

  async onModuleInit(): Promise<void> {
    if (await this.repository.seedIfEmpty(bishanOrganisation())) this.logger.log('seeded the default organisation');
    await this.reload();
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** The organisation as of the last reload. */
  current(): BishanOrganisation {
    return this.loaded().organisation;
  }

  /** The organisation as the case rules see it. */
  directory(): Directory {
    return this.loaded().directory;
  }

  /** Every category on some duty list, in order of first appearance. */
  categories(): readonly string[] {
    return this.loaded().categories;
  }

  /** Towns, villages, courtyards and categories, for checking what a raise names. */
  places(): PlaceDirectory {
    return this.loaded().places;
  }

  revision(): number {
    return this.loaded().revision;
  }

  /** The tables, for the admin endpoints' edits; call `reload()` after one. */
  get edits(): OrganisationRepository {
    return this.repository;
  }

  /** Reloads when the revision has moved since the last load (an edit through another instance). */
  async refresh(): Promise<void> {
    const revision = await this.repository.revision();
    if (revision !== this.snapshot?.revision) await this.reload();
  }

  /** Reloads now; concurrent calls share one load. */
  reload(): Promise<void> {
    this.refreshing ??= this.load().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async load(): Promise<void> {
    // The revision is read first: an edit landing during the load makes the next refresh reload again.
    const revision = (await this.repository.revision()) ?? 0;
    const organisation = await this.repository.load();
    const categories = [...new Set(organisation.departments.flatMap((d) => d.dutyCategories))];
    const { towns, villages, courtyards } = organisation;
    this.snapshot = {
      revision,
      organisation,
      directory: toDirectory(organisation),
      categories,
      places: { towns, villages, courtyards, categories },
    };
  }

  private loaded(): Snapshot {
    if (!this.snapshot) throw new Error('the organisation is read before the module has started');
    return this.snapshot;
  }
}
