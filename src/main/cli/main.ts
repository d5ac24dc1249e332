/**
 * The `facet` command line. Each command's module (and the engine behind it) is loaded only when
 * that command runs, so `facet --help` and argument errors answer at once.
 */
import { Command } from 'commander';
import { CatalogUnusableError } from '../catalog/catalog-errors';
import { CliError } from './cli-error';
import type { AddS3Options } from './commands/add-s3';
import type { EvalClusterOptions, EvalVerifyOptions } from './commands/eval';
import type { SearchOptions } from './commands/search';
import type { ServeOptions } from './commands/serve';
import type { ExportOptions, ImportOptions } from './commands/share';
import type { SyncOptions } from './commands/sync';
import type { GlobalOptions } from './context';
import type { PhotoListOptions } from './commands/listings';
import { withS3BucketFlags } from './s3-options';

const program = new Command()
  .name('facet')
  .description('Find people in your photos, on your own machine.')
  .option('--library <dir>', 'library folder (catalog, caches); default: the platform app-data folder')
  .showHelpAfterError();

const globals = (): GlobalOptions => program.opts<GlobalOptions>();

program
  .command('index')
  .description('add folders as sources (when new) and index them')
  .argument('<folders...>', 'folders of photos')
  .option(
    '--small-faces',
    "find very small faces (24 px and up, not 48): ~2x the face-detection time, ~1.8 s instead of ~0.9 s CPU per 12 MP photo; kept as the library's setting",
  )
  .option('--no-small-faces', "back to faces of 48 px and up (the default), kept as the library's setting")
  .action(async (folders: string[], flags: { smallFaces?: boolean }) =>
    (await import('./commands/index-folders')).indexFolders(folders, globals(), flags.smallFaces),
  );

withS3BucketFlags(
  program
    .command('add-s3')
    .description(
      'add an S3-compatible bucket (S3, R2, MinIO) as a read-only source and index it; keys from FACET_S3_ACCESS_KEY_ID / FACET_S3_SECRET_ACCESS_KEY',
    )
    .requiredOption('--bucket <name>', 'bucket name'),
)
  .option('--label <label>', 'name shown in the app')
  .action(async (options: Omit<AddS3Options, keyof GlobalOptions>) => (await import('./commands/add-s3')).addS3({ ...globals(), ...options }));

program
  .command('status')
  .description('library counts and sources')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => (await import('./commands/listings')).showStatus({ ...globals(), ...options }));

program
  .command('pause')
  .description('pause indexing (kept until resumed, also across restarts); changes found meanwhile wait')
  .action(async () => (await import('./commands/indexing-control')).pauseCommand(globals()));

program
  .command('resume')
  .description('resume indexing and index what waited')
  .action(async () => (await import('./commands/indexing-control')).resumeCommand(globals()));

program
  .command('retry')
  .description('try again the files that could not be indexed (see `facet errors`), and index them')
  .option('--source <id>', 'only this source')
  .action(async (options: { source?: string }) => (await import('./commands/indexing-control')).retryCommand({ ...globals(), ...options }));

const jobsCommand = program
  .command('jobs')
  .description('background work running or waiting, and the jobs that failed (with why)')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => (await import('./commands/jobs')).listJobs({ ...globals(), ...options }));

jobsCommand
  .command('retry')
  .description('run failed jobs again (an id from `facet jobs`, or all) and wait for them')
  .argument('<id|all>', 'the job id, or all')
  .action(async (target: string) => (await import('./commands/jobs')).retryJobs(target, globals()));

program
  .command('photos')
  .description('list photos, newest first')
  .option('--json', 'print JSON')
  .option('--source <id>', 'only this source')
  .option('--favourites', 'only favourites')
  .option('--min-rating <stars>', 'only photos rated at least this many stars (1-5)')
  .option('--hidden', 'only the photos hidden from the library (which are otherwise left out)')
  .action(async (options: PhotoListOptions) => (await import('./commands/listings')).listPhotos({ ...globals(), ...options }));

program
  .command('favourite')
  .description('make photos favourites (ids as `facet photos` lists them)')
  .argument('<photoIds...>', 'photo ids')
  .option('--off', 'no longer favourites')
  .option('--json', 'print JSON')
  .action(async (photoIds: string[], options: { off?: boolean; json?: boolean }) =>
    (await import('./commands/organize')).favouriteCommand(photoIds, { ...globals(), ...options }),
  );

program
  .command('rate')
  .description('rate a photo 0-5 stars (kept in the catalog, and in an XMP sidecar when the library writes them; the original is never written)')
  .argument('<photoId>', 'photo id')
  .argument('<stars>', '0 to 5 (0 clears the rating)')
  .option('--json', 'print JSON')
  .action(async (photoId: string, stars: string, options: { json?: boolean }) =>
    (await import('./commands/organize')).rateCommand(photoId, stars, { ...globals(), ...options }),
  );

program
  .command('hide')
  .description('hide photos from the library grid (events and people keep them)')
  .argument('<photoIds...>', 'photo ids')
  .option('--off', 'show them in the library again')
  .option('--json', 'print JSON')
  .action(async (photoIds: string[], options: { off?: boolean; json?: boolean }) =>
    (await import('./commands/organize')).hideCommand(photoIds, { ...globals(), ...options }),
  );

program
  .command('dupes')
  .description('exact (same content) and near (similar dHash) duplicates')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => (await import('./commands/listings')).listDuplicates({ ...globals(), ...options }));

program
  .command('errors')
  .description('files that could not be indexed, with the reason')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => (await import('./commands/listings')).listErrors({ ...globals(), ...options }));

withS3BucketFlags(
  program
    .command('sync')
    .description('sync an event with other libraries through a shared folder or S3 prefix (link it first with --folder or --bucket)')
    .argument('<eventId>', 'event id')
    .option('--folder <path>', 'link the event to this shared folder (a synced drive, a NAS share)')
    .option('--bucket <name>', 'link the event to this bucket; keys from FACET_S3_ACCESS_KEY_ID / FACET_S3_SECRET_ACCESS_KEY'),
)
  .option('--web-size', 'share web-sized renditions instead of originals')
  .option('--share-faces', 'also share face boxes and embeddings')
  .option('--json', 'print JSON')
  .action(async (eventId: string, options: Omit<SyncOptions, keyof GlobalOptions>) =>
    (await import('./commands/sync')).syncCommand(eventId, { ...globals(), ...options }),
  );

program
  .command('auto-sync')
  .description('automatic sync of a linked event: show it, or --pause / --resume it')
  .argument('<eventId>', 'event id')
  .option('--pause', 'sync this event only when asked')
  .option('--resume', 'sync it automatically again')
  .option('--json', 'print JSON')
  .action(async (eventId: string, options: { pause?: boolean; resume?: boolean; json?: boolean }) =>
    (await import('./commands/auto-sync')).autoSyncCommand(eventId, { ...globals(), ...options }),
  );

program
  .command('serve')
  .description('serve the app on 127.0.0.1 for a browser (headless machines)')
  .option('--port <port>', 'port (0 = any free port; default: the remembered one with --remember, else any)')
  .option('--remember', 'keep the secret and port in the library folder (0600), so the link and bookmarks survive restarts')
  .option('--reset-session', 'with --remember: make a new secret (signs every browser out)')
  .action(async (options: Omit<ServeOptions, keyof GlobalOptions>) => (await import('./commands/serve')).serve({ ...globals(), ...options }));

program
  .command('export')
  .description('write a share package of an event (a folder, or a .zip): the viewer, the photos, and what you opt into')
  .argument('<eventId>', 'event id')
  .requiredOption('--to <path>', 'destination folder, or a .zip file (with --everyone: the folder that gets one package per guest)')
  .option('--guest <id>', 'only the photos this guest is in')
  .option('--person <id>', 'only the photos this person is in')
  .option('--everyone', 'one package per guest, each holding the photos they are in')
  .option('--zip', 'write zip files (implied by a --to ending in .zip)')
  .option('--names', "name the event's named people and guests in the package (default: no names)")
  .option('--biometrics', 'include face embeddings and models, so guests can search the package with a selfie')
  .option('--originals', 'include the original files, not only web-sized copies')
  .option('--videos <MB>', 'include the videos of up to this many megabytes each (default: no videos)')
  .option('--watermark <text>', 'text drawn on the web-sized copies')
  .option('--json', 'print JSON')
  .action(async (eventId: string, options: Omit<ExportOptions, keyof GlobalOptions>) =>
    (await import('./commands/share')).exportCommand(eventId, { ...globals(), ...options }),
  );

program
  .command('import')
  .description('check a share package someone sent (.zip or folder) and unpack its photos into a new folder')
  .argument('<package>', 'the package: a .zip file or a folder')
  .option('--to <dir>', "new folder for its photos (default: a new folder in the library's imports/)")
  .option('--as-event', "also add that folder as a source, index it, and make its photos an event named as the package's")
  .option('--json', 'print JSON')
  .action(async (packagePath: string, options: Omit<ImportOptions, keyof GlobalOptions>) =>
    (await import('./commands/share')).importCommand(packagePath, { ...globals(), ...options }),
  );

program
  .command('doctor')
  .description('check Node, library, face model pack (sha256), execution providers, exiftool, sharp/libvips and HEIC support')
  .option('--json', 'print JSON')
  .option('--pack <dir>', 'face model pack folder (default: the bundled pack)')
  .option('--repair', 'restore a damaged catalog from its newest good backup, then index what changed since')
  .action(async (options: { json?: boolean; pack?: string; repair?: boolean }) => (await import('./commands/doctor')).doctor({ ...globals(), ...options }));

program
  .command('backup')
  .description("copy the catalog into the library's backups/ now (Facet also does after indexing and daily, keeping 5)")
  .action(async () => (await import('./commands/backup')).backupCommand(globals()));

program
  .command('disk')
  .description("the library folder's size by part: catalog, face index, previews, thumbnails, imports and sync, logs and backups")
  .option('--preview-cache <MB>', 'keep at most this many MB of previews (the least recently viewed go, made again when viewed); "none": no limit')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean; previewCache?: string }) => (await import('./commands/disk-privacy')).diskCommand({ ...globals(), ...options }));

const facesCommand = program.command('faces').description('face recognition: switch it off or on, or delete all face data');

facesCommand
  .command('off')
  .description('no face detection or embedding while indexing (existing face data is kept unless --delete-data)')
  .option('--delete-data', 'also delete all face data, as `faces delete-all` does (needs --yes)')
  .option('--yes', 'confirm deleting')
  .action(async (options: { deleteData?: boolean; yes?: boolean }) =>
    (await import('./commands/disk-privacy')).facesSwitchCommand(false, { ...globals(), ...options }),
  );

facesCommand
  .command('on')
  .description('find faces again, also in the photos indexed while it was off')
  .action(async () => (await import('./commands/disk-privacy')).facesSwitchCommand(true, globals()));

facesCommand
  .command('delete-all')
  .description('delete every face, person, guest selfie, face crop and the face index, in the backups too; turns face recognition off')
  .option('--yes', 'confirm: this cannot be undone')
  .action(async (options: { yes?: boolean }) => (await import('./commands/disk-privacy')).deleteAllFacesCommand({ ...globals(), ...options }));

const evalCommand = program.command('eval').description('measure the face models on labelled photos');

evalCommand
  .command('verify')
  .description('face verification (ROC AUC, best threshold, p(same | similarity) fit) as JSON, on folders of person folders or a pairs CSV')
  .argument('[folders...]', 'folders of person folders: every same-person and different-person pair is scored (several: across them too)')
  .option('--pairs <csv>', 'CSV with file_x, file_y, Decision (Yes/No) columns')
  .option('--root <dir>', 'folder the pairs CSV paths are relative to (default: the CSV folder)')
  .option('--aligned', 'images are aligned face crops: skip detection')
  .option('--pack <dir>', 'face model pack folder (default: the bundled pack)')
  .action(async (folders: string[], options: EvalVerifyOptions) => (await import('./commands/eval')).evalVerifyCommand(folders, options));

evalCommand
  .command('cluster')
  .description("people clustering (shipped method and baseline, with the pack's tuning) scored against folders of person folders, as JSON")
  .argument('<folders...>', 'folders of person folders (several: identities are prefixed with the folder name)')
  .option('--aligned', 'images are aligned face crops: skip detection')
  .option('--pack <dir>', 'face model pack folder (default: the bundled pack)')
  .option('--sweep-threshold <start:stop:step>', 'score the shipped clustering over a range of thresholds, as a table')
  .option('--sweep-baseline <start:stop:step>', 'score the baseline over a range of maxDistance, as a table')
  .option('--json', 'with a sweep: print JSON instead of the table')
  .action(async (folders: string[], options: EvalClusterOptions) => (await import('./commands/eval')).evalClusterCommand(folders, options));

program
  .command('search')
  .description('photos of the person in a selfie (several --selfie images are averaged) and/or taken at a place and/or between dates')
  .option('--selfie <image...>', 'photo(s) of the person to look for')
  .option('--place <words>', 'photos taken in this town or country (named offline from their GPS position), e.g. Lisbon')
  .option('--from <date>', 'photos taken on or after this day (YYYY-MM-DD)')
  .option('--to <date>', 'photos taken on or before this day (YYYY-MM-DD)')
  .option('--event <id>', 'only photos of this event')
  .option('--source <id>', 'only photos of this source')
  .option('--face-index <n>', 'which face of the first image (default: the largest)')
  .option('--limit <n>', 'at most this many photos (default 500)')
  .option('--json', 'print JSON')
  .action(async (options: Omit<SearchOptions, keyof GlobalOptions>) => (await import('./commands/search')).search({ ...globals(), ...options }));

program
  .command('people')
  .description('people found in the library, named first')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => (await import('./commands/search')).listPeopleCommand({ ...globals(), ...options }));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // A damaged catalog is the user's to repair, not a bug: the message says how, a stack would not.
  if (error instanceof CliError || error instanceof CatalogUnusableError) {
    process.stderr.write(`facet: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
