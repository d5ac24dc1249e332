/**
 * Versioned schema. Each entry runs once, in order, inside its own transaction, and bumps
 * PRAGMA user_version; never edit a shipped entry, append a new one.
 *
 * Design notes for later issues:
 * - files are one row per (source, relative path); content facts live on the row, while
 *   derivatives and faces are keyed by sha256 so exact duplicates share them.
 * - faces outlive their files: a vanished file becomes 'missing' and its faces stay until the
 *   user purges content no file references.
 * - sort_time/sort_month are the capture time as local wall clock (mtime as fallback), so the
 *   grid order and the month buckets of the timeline always agree.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'sources, files, derivatives, faces, people, events, jobs, errors',
    sql: `
      CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('folder', 's3')),
        root TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        config TEXT NOT NULL DEFAULT '{}',
        state TEXT NOT NULL DEFAULT 'idle'
          CHECK (state IN ('idle', 'scanning', 'indexing', 'watching', 'paused', 'error')),
        state_reason TEXT,
        added_at TEXT NOT NULL,
        last_scan_at TEXT
      );

      CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        rel_path TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'indexed', 'error', 'missing')),
        sha256 TEXT,
        content_type TEXT,
        media_type TEXT CHECK (media_type IN ('image', 'video')),
        taken_at TEXT,
        taken_at_offset TEXT,
        sort_time INTEGER,
        sort_month TEXT,
        width INTEGER,
        height INTEGER,
        orientation INTEGER,
        camera_make TEXT,
        camera_model TEXT,
        lens_model TEXT,
        latitude REAL,
        longitude REAL,
        altitude REAL,
        duration_seconds REAL,
        dhash INTEGER,
        face_state TEXT NOT NULL DEFAULT 'pending'
          CHECK (face_state IN ('pending', 'done', 'skipped', 'error')),
        face_state_reason TEXT,
        indexed_at TEXT,
        missing_since TEXT,
        UNIQUE (source_id, rel_path)
      );
      CREATE INDEX files_by_state ON files(source_id, state);
      -- The indexing queue, in arrival order.
      CREATE INDEX files_pending ON files(id) WHERE state = 'pending';
      CREATE INDEX files_by_sha ON files(sha256) WHERE sha256 IS NOT NULL;
      CREATE INDEX files_by_dhash ON files(dhash) WHERE dhash IS NOT NULL;
      -- The grid order (listPhotos/getTimeline) for all sources and for one source.
      CREATE INDEX files_timeline ON files(sort_time DESC, id DESC)
        WHERE state IN ('indexed', 'missing');
      CREATE INDEX files_source_timeline ON files(source_id, sort_time DESC, id DESC)
        WHERE state IN ('indexed', 'missing');
      CREATE INDEX files_face_queue ON files(face_state) WHERE face_state = 'pending' AND state = 'indexed';

      CREATE TABLE derivatives (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('thumb', 'preview', 'face')),
        -- '' for one-per-content kinds; the face's key for face crops.
        variant TEXT NOT NULL DEFAULT '',
        -- Relative to the library folder, so a moved library keeps working.
        path TEXT NOT NULL,
        width INTEGER,
        height INTEGER,
        bytes INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (sha256, kind, variant)
      );

      CREATE TABLE embedding_models (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        version TEXT NOT NULL,
        dim INTEGER NOT NULL CHECK (dim > 0),
        UNIQUE (name, version)
      );

      CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        name TEXT,
        hidden INTEGER NOT NULL DEFAULT 0,
        cover_face_id INTEGER REFERENCES faces(id) ON DELETE SET NULL,
        merged_into INTEGER REFERENCES people(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE faces (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL,
        -- Box and landmarks in oriented image pixels.
        box_x REAL NOT NULL,
        box_y REAL NOT NULL,
        box_w REAL NOT NULL,
        box_h REAL NOT NULL,
        landmarks TEXT,
        det_score REAL NOT NULL,
        quality REAL,
        embedding BLOB,
        model_id INTEGER REFERENCES embedding_models(id),
        person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
        assigned_by TEXT CHECK (assigned_by IN ('auto', 'user')),
        stale INTEGER NOT NULL DEFAULT 0,
        thumb_path TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX faces_by_sha ON faces(sha256);
      CREATE INDEX faces_by_person ON faces(person_id);

      CREATE TABLE face_person_rejections (
        face_id INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        PRIMARY KEY (face_id, person_id)
      );

      -- Undo log: enough to split a merge back apart.
      CREATE TABLE person_merges (
        id INTEGER PRIMARY KEY,
        from_person_id INTEGER NOT NULL,
        into_person_id INTEGER NOT NULL,
        face_ids TEXT NOT NULL,
        from_name TEXT,
        merged_at TEXT NOT NULL,
        undone_at TEXT
      );

      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        starts_at TEXT,
        ends_at TEXT,
        cover_file_id INTEGER REFERENCES files(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE event_photos (
        event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        PRIMARY KEY (event_id, file_id)
      );
      CREATE INDEX event_photos_by_file ON event_photos(file_id);

      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX jobs_open ON jobs(kind, subject) WHERE state IN ('queued', 'running');

      CREATE TABLE errors (
        id INTEGER PRIMARY KEY,
        source_id INTEGER REFERENCES sources(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        stage TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX errors_by_source_path ON errors(source_id, path);
    `,
  },
  {
    version: 2,
    description: 'event suggestions (open, accepted, dismissed) so a dismissed one is not suggested again',
    sql: `
      CREATE TABLE event_suggestions (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        -- Capture-time span as sort_time values (local wall clock in ms), inclusive.
        start_time INTEGER NOT NULL,
        end_time INTEGER NOT NULL,
        photo_count INTEGER NOT NULL,
        cover_file_id INTEGER REFERENCES files(id) ON DELETE SET NULL,
        state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'dismissed')),
        event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        CHECK (start_time <= end_time)
      );
      CREATE INDEX event_suggestions_by_state ON event_suggestions(state, start_time);
    `,
  },
  {
    version: 3,
    description: 'S3 objects: the ETag each file row was listed with',
    sql: `
      -- Size and LastModified go in size_bytes and mtime_ms like any file; the ETag also tells
      -- apart two versions written in the same second with the same size. NULL for folder files.
      ALTER TABLE files ADD COLUMN etag TEXT;
    `,
  },
  {
    version: 4,
    description: 'faces: queue of stale faces (embedded by another model version) to re-embed',
    sql: `
      CREATE INDEX faces_stale ON faces(sha256) WHERE stale = 1;
    `,
  },
  {
    version: 5,
    description: 'people: forgotten faces, clustering progress, merge undo of names',
    sql: `
      -- "Forget this person": the face row stays as a tombstone without embedding, landmarks,
      -- quality or crop, so indexing the same photo again does not detect and embed it anew
      -- (faces are stored once per content). The trigger keeps it so: no later re-embedding
      -- (model upgrade) may give it a vector back, and it never becomes stale.
      ALTER TABLE faces ADD COLUMN forgotten_at TEXT;
      CREATE TRIGGER faces_forgotten_stay_forgotten BEFORE UPDATE OF embedding, stale ON faces
        WHEN OLD.forgotten_at IS NOT NULL AND (NEW.embedding IS NOT NULL OR NEW.stale != 0)
        BEGIN SELECT RAISE(IGNORE); END;

      -- Faces of this model up to this id have been clustered or assigned; later ones are new.
      CREATE TABLE people_clustering (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        model_id INTEGER REFERENCES embedding_models(id) ON DELETE SET NULL,
        through_face_id INTEGER NOT NULL,
        clustered_at TEXT NOT NULL
      );

      -- The name the surviving person had before a merge gave it the merged one's name.
      ALTER TABLE person_merges ADD COLUMN into_name TEXT;
    `,
  },
  {
    version: 6,
    description: "event sync: this library's contributor id, linked shared locations, last synced members",
    sql: `
      -- The random id this library writes its log segments under in every shared location.
      CREATE TABLE sync_identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        contributor_id TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      -- One shared location per event. config holds no secrets (S3 keys are in the secret store).
      CREATE TABLE sync_links (
        event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('folder', 's3')),
        config TEXT NOT NULL,
        share_originals INTEGER NOT NULL DEFAULT 1,
        share_faces INTEGER NOT NULL DEFAULT 0,
        -- The folder source fetched photos are indexed from.
        source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
        -- The event name as of the last sync, to tell a local rename from a shared one.
        synced_name TEXT,
        linked_at TEXT NOT NULL,
        last_sync_at TEXT,
        last_result TEXT
      );
      -- The event's photos (by shared identity, the original's sha256) when the last sync ended:
      -- what the user adds or removes afterwards is told apart from what sync did.
      CREATE TABLE sync_members (
        event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        sha256 TEXT NOT NULL,
        PRIMARY KEY (event_id, sha256)
      ) WITHOUT ROWID;
      -- Fetched photos whose local file is a web rendition, not the original the log names.
      CREATE TABLE sync_renditions (
        local_sha256 TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    description: 'event guests: reference faces (selfies or a person) and the photos of the event they are in',
    sql: `
      -- A guest belongs to one event. person_id: the person's faces are references too (a merged
      -- person is followed to its survivor when matching); forgetting the person unlinks it.
      CREATE TABLE event_guests (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX event_guests_by_event ON event_guests(event_id);
      -- One face of a selfie the host dropped in: its embedding and a small crop (crop_path is
      -- relative to the library folder). The selfie itself is not kept.
      CREATE TABLE guest_references (
        id INTEGER PRIMARY KEY,
        guest_id INTEGER NOT NULL REFERENCES event_guests(id) ON DELETE CASCADE,
        file_name TEXT NOT NULL,
        model_id INTEGER NOT NULL REFERENCES embedding_models(id),
        embedding BLOB NOT NULL,
        crop_path TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX guest_references_by_guest ON guest_references(guest_id);
      -- Computed: the event's photos the guest is in (recomputed when either side changes).
      CREATE TABLE guest_photos (
        guest_id INTEGER NOT NULL REFERENCES event_guests(id) ON DELETE CASCADE,
        file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        PRIMARY KEY (guest_id, file_id)
      ) WITHOUT ROWID;
      CREATE INDEX guest_photos_by_file ON guest_photos(file_id);
    `,
  },
  {
    version: 8,
    description: 'people curation: "not a face", "not the same person", face links for same-person suggestions, the undo stack',
    sql: `
      -- "Not a face / ignore": the row stays (faces are stored once per content, a deleted row would
      -- be detected again) but the face leaves its person, clustering, search and the index until
      -- the user takes it back.
      ALTER TABLE faces ADD COLUMN ignored_at TEXT;

      -- "Not the same person" for a suggested pair (person_id < other_person_id): both people are
      -- kept by the clustering from then on, so it never puts them together.
      CREATE TABLE person_pair_rejections (
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        other_person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        PRIMARY KEY (person_id, other_person_id),
        CHECK (person_id < other_person_id)
      ) WITHOUT ROWID;
      CREATE INDEX person_pair_rejections_by_other ON person_pair_rejections(other_person_id);

      -- Faces a clustering run found within the attach distance of each other (its k-NN table)
      -- while it put them in different people (face_id < other_face_id): same-person evidence
      -- beyond the people's centroids. Kept per face, so merges and moves need no rewrite.
      CREATE TABLE face_links (
        face_id INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
        other_face_id INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
        distance REAL NOT NULL,
        PRIMARY KEY (face_id, other_face_id),
        CHECK (face_id < other_face_id)
      ) WITHOUT ROWID;
      CREATE INDEX face_links_by_other ON face_links(other_face_id);

      -- The user's corrections of people, newest last, each with what undoing it restores (JSON).
      CREATE TABLE people_corrections (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        undo TEXT NOT NULL,
        created_at TEXT NOT NULL,
        undone_at TEXT
      );
    `,
  },
  {
    version: 9,
    description: 'grid order puts undated photos (no capture time) after every dated one',
    sql: `
      -- The library grid lists dated photos newest first, then the undated ones in one group
      -- (newest file first) instead of among the dated ones by their file time. The older
      -- timeline indexes stay: capture-time ranges (events, guests) are served by them.
      CREATE INDEX files_grid ON files(taken_at IS NULL, sort_time DESC, id DESC)
        WHERE state IN ('indexed', 'missing');
      CREATE INDEX files_source_grid ON files(source_id, taken_at IS NULL, sort_time DESC, id DESC)
        WHERE state IN ('indexed', 'missing');
    `,
  },
  {
    version: 10,
    description: "event sync: contributors' signing keys pinned per link, unsigned segments accepted once",
    sql: `
      -- The public key each contributor published when it joined the link's location, pinned the
      -- first time this library saw it: its segments must be signed by this key from then on.
      CREATE TABLE sync_contributor_keys (
        event_id INTEGER NOT NULL REFERENCES sync_links(event_id) ON DELETE CASCADE,
        contributor_id TEXT NOT NULL,
        public_key TEXT NOT NULL,
        pinned_at TEXT NOT NULL,
        PRIMARY KEY (event_id, contributor_id)
      ) WITHOUT ROWID;
      -- JSON { contributorId: [seq, ...] }: the unsigned (older Facet) segments the location held
      -- at this link's first sync with signatures, the only unsigned ones it accepts. NULL: none yet.
      ALTER TABLE sync_links ADD COLUMN unsigned_segments TEXT;
    `,
  },
  {
    version: 11,
    description: 'library settings the user chose (indexing paused, ...), one JSON value per key',
    sql: `
      -- Read and written through SettingsRepository, whose typed keys say what each value is.
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 12,
    description: 'faces found in a video: the time of the frame each was found in',
    sql: `
      -- Seconds from the video's start; NULL for faces of photos. The face chip plays from there.
      ALTER TABLE faces ADD COLUMN frame_seconds REAL;
    `,
  },
  {
    version: 13,
    description: "faces counted from an index: the status bar's counts no longer read every face row",
    sql: `
      -- getStatus counts the library's faces and those waiting for a newer model (forgotten_at IS
      -- NULL, sum(stale)) at every call; without a covering index each count read every face row,
      -- embedding included: 130 ms of CPU per count at 100k faces, 3-5 ms with it.
      CREATE INDEX faces_live ON faces(forgotten_at, stale);
    `,
  },
  {
    version: 14,
    description: 'videos indexed before posters existed are indexed again (poster, ffprobe facts, faces)',
    sql: `
      -- They were listed without decoding: no thumbnail, face_state 'skipped'. Pending, the next
      -- indexing run gives them what a new video gets; their events, and the row itself, stay.
      UPDATE files SET state = 'pending'
      WHERE media_type = 'video' AND state = 'indexed'
        AND NOT EXISTS (SELECT 1 FROM derivatives d WHERE d.sha256 = files.sha256 AND d.kind = 'thumb');
    `,
  },
  {
    version: 15,
    description: 'favourites, star ratings and photos hidden from the library',
    sql: `
      -- The user's marks live on the file row (not the content): two copies of a photo are two
      -- photos to the user. file_rating is the XMP/EXIF Rating read at indexing (NULL: none),
      -- rewritten when the file changes; user_rating is the user's, set in Facet (NULL: never
      -- set), and wins. The originals are never written.
      ALTER TABLE files ADD COLUMN favourite INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE files ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE files ADD COLUMN file_rating INTEGER CHECK (file_rating BETWEEN 0 AND 5);
      ALTER TABLE files ADD COLUMN user_rating INTEGER CHECK (user_rating BETWEEN 0 AND 5);
    `,
  },
  {
    version: 16,
    description: "place names: the town nearest each photo's GPS position, named offline",
    sql: `
      -- Named by places/place-names.ts after indexing (and for photos indexed before this):
      -- NULL until named, and when no town is near (place_version then says it was looked up).
      ALTER TABLE files ADD COLUMN place_city TEXT;
      ALTER TABLE files ADD COLUMN place_country TEXT;
      ALTER TABLE files ADD COLUMN place_country_code TEXT;
      -- City and country in lower case without accents: what a place search matches ("zurich").
      ALTER TABLE files ADD COLUMN place_key TEXT;
      -- The data set that named it: a newer one names the photos again.
      ALTER TABLE files ADD COLUMN place_version TEXT;
      -- The photos with a position by the data that named them (what the namer looks for, 0.5 ms
      -- instead of a 20 ms scan at 100k photos) and the named ones (what a place search reads: 2 ms
      -- instead of 190 ms when nothing matches).
      CREATE INDEX files_positioned ON files(place_version, state) WHERE latitude IS NOT NULL;
      CREATE INDEX files_placed ON files(place_key) WHERE place_key IS NOT NULL;
      -- New coordinates (the file was changed) make the name stale: it is looked up again. A
      -- trigger, so no writer of coordinates can forget it.
      CREATE TRIGGER files_place_stale AFTER UPDATE OF latitude, longitude ON files
        WHEN old.latitude IS NOT new.latitude OR old.longitude IS NOT new.longitude
      BEGIN
        UPDATE files SET place_city = NULL, place_country = NULL, place_country_code = NULL,
          place_key = NULL, place_version = NULL
        WHERE id = new.id;
      END;
    `,
  },
  {
    version: 18,
    description: 'automatic sync of linked events: paused or not, and how the last attempts went',
    sql: `
      -- One row per event the user paused or that auto-sync tried (sync/auto-sync.ts); an event
      -- without a row syncs automatically and has not been tried yet. failures counts the attempts
      -- that failed in a row (the location gone, a bucket unreachable): the wait before the next
      -- one doubles with each. Kept per event, not per link, so a re-link keeps the pause.
      CREATE TABLE sync_auto (
        event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        paused INTEGER NOT NULL DEFAULT 0,
        last_attempt_at TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      );
    `,
  },
  {
    version: 19,
    description: 'jobs: the runner keeps one settled row per job (its latest outcome; a failure is a dead letter to retry)',
    sql: `
      -- The table was a log, one row per run. The job runner (jobs/job-runner.ts) keeps per kind and
      -- subject one open row and one settled row, so earlier settled rows go: a job's last row is
      -- its outcome, and an old failure followed by a success is no longer one to retry.
      DELETE FROM jobs WHERE state IN ('done', 'failed')
        AND id <> (SELECT max(id) FROM jobs later WHERE later.kind = jobs.kind AND later.subject = jobs.subject AND later.state IN ('done', 'failed'));
      CREATE INDEX jobs_by_state ON jobs(state);
    `,
  },
  {
    version: 20,
    description: 'files: an index of indexed files by media type, for the counts getStatus takes at every call',
    sql: `
      -- getStatus counts indexed photos and videos at every call (the UI polls it); without this
      -- index each count read every files row: the status counts took 12-16 ms at 100k files, 3-5 ms
      -- with it. Partial, so that the grid's queries (state IN ('indexed', 'missing')) cannot take
      -- it instead of files_grid and sort the table.
      CREATE INDEX files_indexed_by_media ON files(media_type) WHERE state = 'indexed';
    `,
  },
];

export const latestSchemaVersion = migrations.at(-1)?.version ?? 0;
