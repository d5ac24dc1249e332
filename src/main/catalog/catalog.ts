import { openDatabase, schemaVersion, type Db, type OpenDatabaseOptions } from './database';
import { DerivativesRepository } from './derivatives-repo';
import { DuplicatesRepository } from './duplicates-repo';
import { ErrorsRepository } from './errors-repo';
import { EventSuggestionsRepository } from './event-suggestions-repo';
import { EventsRepository } from './events-repo';
import { FaceErasureRepository } from './face-erasure-repo';
import { FaceStatesRepository } from './face-states-repo';
import { FaceVectorsRepository } from './face-vectors-repo';
import { FacesRepository } from './faces-repo';
import { FilesRepository } from './files-repo';
import { GuestsRepository } from './guests-repo';
import { JobsRepository } from './jobs-repo';
import { MarksRepository } from './marks-repo';
import { migrations } from './migrations';
import { ObjectVersionsRepository } from './object-versions-repo';
import { PeopleRepository } from './people-repo';
import { PhotoQueries } from './photo-queries';
import { PlacesRepository } from './places-repo';
import { SearchRepository } from './search-repo';
import { SettingsRepository } from './settings-repo';
import { SourcesRepository } from './sources-repo';
import { SyncRepository } from './sync-repo';
import { AutoSyncRepository } from './auto-sync-repo';

/** The library's SQLite catalog: one connection, and every repository over it (one per table group). */
export class Catalog {
  readonly sources: SourcesRepository;
  readonly files: FilesRepository;
  readonly derivatives: DerivativesRepository;
  readonly errors: ErrorsRepository;
  readonly jobs: JobsRepository;
  readonly photos: PhotoQueries;
  readonly marks: MarksRepository;
  readonly objects: ObjectVersionsRepository;
  readonly faces: FacesRepository;
  readonly faceStates: FaceStatesRepository;
  readonly faceErasure: FaceErasureRepository;
  readonly duplicates: DuplicatesRepository;
  readonly settings: SettingsRepository;
  readonly faceVectors: FaceVectorsRepository;
  readonly people: PeopleRepository;
  readonly events: EventsRepository;
  readonly eventSuggestions: EventSuggestionsRepository;
  readonly guests: GuestsRepository;
  readonly search: SearchRepository;
  readonly places: PlacesRepository;
  readonly sync: SyncRepository;
  readonly autoSync: AutoSyncRepository;

  constructor(
    readonly db: Db,
    readonly file: string,
  ) {
    this.sources = new SourcesRepository(db);
    this.files = new FilesRepository(db);
    this.derivatives = new DerivativesRepository(db);
    this.errors = new ErrorsRepository(db);
    this.jobs = new JobsRepository(db);
    this.photos = new PhotoQueries(db);
    this.marks = new MarksRepository(db);
    this.objects = new ObjectVersionsRepository(db);
    this.faces = new FacesRepository(db);
    this.faceStates = new FaceStatesRepository(db);
    this.faceErasure = new FaceErasureRepository(db);
    this.duplicates = new DuplicatesRepository(db);
    this.settings = new SettingsRepository(db);
    this.faceVectors = new FaceVectorsRepository(db);
    this.people = new PeopleRepository(db);
    this.events = new EventsRepository(db);
    this.eventSuggestions = new EventSuggestionsRepository(db);
    this.guests = new GuestsRepository(db);
    this.search = new SearchRepository(db);
    this.places = new PlacesRepository(db);
    this.sync = new SyncRepository(db);
    this.autoSync = new AutoSyncRepository(db);
  }

  static open(file: string, options: OpenDatabaseOptions = {}): Catalog {
    return new Catalog(openDatabase(file, migrations, options), file);
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /**
   * After erasing biometrics: the page images that still held them leave the write-ahead log too
   * (the file's freed bytes are zeroed on every delete: secure_delete, database.ts).
   */
  flushErasure(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Runs fn in one write transaction (BEGIN IMMEDIATE), all or nothing. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
