/**
 * `npm run bench -- faults`: kill -9 at random points during index, recluster, export, sync and
 * catalog backup (20 rounds, FACET_BENCH_FAULT_ROUNDS to change), each in a child process, the
 * `facet` command wherever it has the verb. Each kill lands at a random moment of the operation's
 * own work: after the first file it writes (a thumbnail, a package file, a shared object, a backup
 * copy, the catalog's log), within the span that work took in the last complete run, so a kill is
 * not spent on module loading. After each kill the catalog must pass
 * `PRAGMA integrity_check` with the user's edits (names, the event, the guest) as they were; then
 * the operation runs again to the end, and nothing may be lost or doubled. Last, the way back
 * from damage on the same library: pages of the catalog flipped, `facet doctor --repair`, and the
 * edits must come back from the newest backup. Prints the table.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, watch, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openEngine } from '../src/main/api/engine';
import { repairCatalog } from '../src/main/cli/commands/doctor';
import { backupProblems, defaultBackupPolicy, listBackups } from '../src/main/catalog/backups';
import { libraryLayout } from '../src/main/catalog/layout';
import { flipPages } from '../test/catalog/helpers/damage';
import { seededRandom } from '../test/fixtures/seeded-random';
import { writeSmallPhotos } from '../test/library/helpers/small-photos';
import { table } from './table';

export const faultOperations = ['index', 'recluster', 'export', 'sync', 'backup'] as const;
export type FaultOperation = (typeof faultOperations)[number];

export interface FaultRound {
  round: number;
  operation: FaultOperation | 'repair';
  /** From the operation's first write to the kill. */
  killedAfterMs: number;
  /** False when the child finished before the kill came, in every try. */
  killed: boolean;
  tries: number;
  integrity: string;
  editsIntact: boolean;
  lost: number;
  doubled: number;
}

const repoRoot = path.resolve(import.meta.dirname, '..');
const facetBin = path.join(repoRoot, 'bin', 'facet.js');
const childScript = path.join(repoRoot, 'bench', 'faults-child.ts');
const lfw10 = path.resolve(repoRoot, '../shared/datasets/lfw10');
/** Two people to name, four photos each, and a third person's photo as the guest's selfie. */
const people = ['Colin_Powell', 'Tony_Blair'];
const photosPerPerson = 4;
const guestSelfie = path.join(lfw10, 'Hugo_Chavez', 'Hugo_Chavez_0001.jpg');
const startingPhotos = 24;
const photosPerIndexRound = 6;
/**
 * Runs of a round until its kill lands before the child is done; each try gets new work and half
 * the window of the one before, so a machine faster than the timing run still sees a kill mid-run.
 */
const maxTries = 3;

interface ChildResult {
  killed: boolean;
  /** From the operation's first write to its exit. */
  workMs: number;
  stdout: string;
}

interface Library {
  libraryDir: string;
  photosDir: string;
  exportDir: string;
  /** This round's package folder: a new one each round, so each export writes the whole package. */
  exportTo: string;
  sharedDir: string;
  /** Noise photos not in the library yet; each index round moves a few in. */
  poolDir: string;
  eventId: number;
  eventPhotos: number;
  /** The user's edits as the catalog holds them, compared after every kill. */
  edits: string;
  facesBySha: Map<string, number>;
  /** The work of the last complete run of each operation, in ms: kills land inside that span. */
  workMs: Map<FaultOperation, number>;
}

export interface FaultRunOptions {
  rounds: number;
  seed?: number;
  /** Prints progress lines to stderr. */
  verbose?: boolean;
}

/**
 * Builds a library, runs `rounds` kill rounds cycling through the operations, then the repair;
 * returns one row each.
 */
export async function runFaultInjection(options: FaultRunOptions): Promise<FaultRound[]> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'facet-faults-'));
  const say = (line: string) => options.verbose && process.stderr.write(`${line}\n`);
  try {
    const library = await prepareLibrary(workDir, options.rounds, say);
    const random = seededRandom(options.seed ?? 13);
    const rows: FaultRound[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      const operation = faultOperations[(round - 1) % faultOperations.length]!;
      let run: ChildResult;
      let killAfterMs: number;
      let tries = 0;
      do {
        await prepareRound(library, operation, round * maxTries + tries);
        killAfterMs = Math.round((random() * library.workMs.get(operation)!) / 2 ** tries);
        run = await runOperation(library, operation, killAfterMs);
        tries++;
      } while (!run.killed && tries < maxTries);
      const afterKill = inspectCatalog(library);
      const recovery = await runOperation(library, operation, null);
      library.workMs.set(operation, recovery.workMs);
      const { lost, doubled } = countLostAndDoubled(library, operation, recovery);
      const row = { round, operation, killedAfterMs: killAfterMs, killed: run.killed, tries, ...afterKill, lost, doubled };
      say(`round ${round} ${operation}: ${JSON.stringify(row)}`);
      rows.push(row);
    }
    rows.push(await damageAndRepair(library, options.rounds + 1));
    return rows;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

export function printFaultTable(rows: FaultRound[]): void {
  table(
    "kill -9 during each operation, then PRAGMA integrity_check, the user's edits, and a complete run again",
    ['round', 'operation', 'kill after its first write', 'killed mid-run (runs)', 'integrity_check', 'edits intact', 'lost', 'doubled'],
    rows.map((r) => [
      r.round,
      r.operation,
      ...(r.operation === 'repair' ? ['-', 'pages flipped instead'] : [`${r.killedAfterMs} ms`, `${r.killed ? 'yes' : 'no, finished first'} (${r.tries})`]),
      r.integrity,
      r.editsIntact ? 'yes' : 'NO',
      r.lost,
      r.doubled,
    ]),
  );
  const summary = [...faultOperations, 'repair' as const].map((operation) => {
    const mine = rows.filter((r) => r.operation === operation);
    return [
      operation,
      mine.length,
      mine.filter((r) => r.killed).length,
      mine.filter((r) => r.integrity === 'ok').length,
      mine.filter((r) => r.editsIntact).length,
      mine.reduce((n, r) => n + r.lost, 0),
      mine.reduce((n, r) => n + r.doubled, 0),
    ];
  });
  table('per operation', ['operation', 'rounds', 'killed mid-run', 'integrity ok', 'edits intact', 'lost', 'doubled'], summary);
}

export async function runFaultBench(): Promise<void> {
  const rounds = Number(process.env.FACET_BENCH_FAULT_ROUNDS ?? 20);
  printFaultTable(await runFaultInjection({ rounds, verbose: true }));
}

/** The newest backup taken, the catalog's pages flipped, the repair run as `facet doctor --repair` runs it. */
async function damageAndRepair(library: Library, round: number): Promise<FaultRound> {
  await runOperation(library, 'backup', null);
  flipPages(libraryLayout(library.libraryDir).catalogFile);
  await repairCatalog(libraryLayout(library.libraryDir), () => undefined);
  return { round, operation: 'repair', killedAfterMs: 0, killed: false, tries: 0, ...inspectCatalog(library), ...countLostAndDoubled(library, 'repair', null) };
}

async function prepareLibrary(workDir: string, rounds: number, say: (line: string) => void): Promise<Library> {
  const libraryDir = path.join(workDir, 'library');
  const photosDir = path.join(workDir, 'photos');
  const poolDir = path.join(workDir, 'pool');
  const sharedDir = path.join(workDir, 'shared');
  const exportDir = path.join(workDir, 'export');
  for (const person of people) {
    const files = readdirSync(path.join(lfw10, person)).sort().slice(0, photosPerPerson);
    for (const file of files) cpSync(path.join(lfw10, person, file), path.join(photosDir, 'people', file));
  }
  const noise = await writeSmallPhotos(poolDir, startingPhotos + (rounds + 1) * maxTries * photosPerIndexRound);
  for (const file of noise.slice(0, startingPhotos)) moveInto(file, photosDir, poolDir);
  const layout = libraryLayout(libraryDir);
  for (const dir of [sharedDir, exportDir, layout.derivativesDir, layout.backupsDir]) mkdirSync(dir, { recursive: true });

  const workMs = new Map<FaultOperation, number>();
  const library: Library = {
    libraryDir,
    photosDir,
    exportDir,
    exportTo: exportDir,
    poolDir,
    sharedDir,
    eventId: 0,
    eventPhotos: 0,
    edits: '',
    facesBySha: new Map(),
    workMs,
  };
  say('indexing the starting library (faces included)');
  await runOperation(library, 'index', null);
  Object.assign(library, await makeEdits(libraryDir, sharedDir));
  for (const operation of faultOperations) {
    say(`timing a complete ${operation}`);
    await prepareRound(library, operation, 0);
    workMs.set(operation, (await runOperation(library, operation, null)).workMs);
  }
  library.facesBySha = readCatalog(libraryDir, facesBySha);
  return library;
}

/**
 * Gives the operation something to do, as a user would: new photos in the folder before indexing,
 * two more photos in the event before syncing it, a new package folder for each export (`run`
 * numbers it: no two runs share one).
 */
async function prepareRound(library: Library, operation: FaultOperation, run: number): Promise<void> {
  if (operation === 'index') moveNewPhotosIn(library);
  if (operation === 'export') library.exportTo = path.join(library.exportDir, `run-${run}`);
  if (operation === 'sync') {
    const engine = await openEngine({ libraryDir: library.libraryDir, threads: 1 });
    try {
      const inEvent = new Set((await engine.api.listEventPhotos({ eventId: library.eventId, offset: 0, limit: 2000 })).items.map((p) => p.id));
      const outside = (await engine.api.listPhotos({ offset: 0, limit: 2000 })).items.filter((p) => !inEvent.has(p.id)).slice(0, 2);
      const change = await engine.api.addPhotosToEvent({ eventId: library.eventId, selection: { kind: 'photos', photoIds: outside.map((p) => p.id) } });
      library.eventPhotos = change.event.photoCount;
    } finally {
      await engine.close();
    }
  }
  // The edits a kill must leave as they are: those made up to now.
  library.edits = readCatalog(library.libraryDir, editsOf);
}

/** Names both people, makes an event of the face photos and 10 others, adds a guest, links sync. */
async function makeEdits(libraryDir: string, sharedDir: string): Promise<{ eventId: number; eventPhotos: number }> {
  const engine = await openEngine({ libraryDir, threads: 1 });
  try {
    const named = (await engine.api.listPeople({ includeHidden: false })).slice(0, people.length);
    if (named.length < people.length) throw new Error(`expected ${people.length} people, found ${named.length}`);
    for (const [i, person] of named.entries()) await engine.api.renamePerson({ personId: person.id, name: `Person ${i + 1}` });
    const { items } = await engine.api.listPhotos({ offset: 0, limit: 2000 });
    const withFaces = items.filter((photo) => photo.fileName.includes('_'));
    const others = items.filter((photo) => !photo.fileName.includes('_')).slice(0, 10);
    const event = await engine.api.createEvent({ name: 'Trip', selection: { kind: 'photos', photoIds: [...withFaces, ...others].map((p) => p.id) } });
    await engine.api.addEventGuest({
      eventId: event.id,
      name: 'Guest',
      selfies: [{ fileName: path.basename(guestSelfie), base64: readFileSync(guestSelfie).toString('base64') }],
    });
    await engine.api.linkEventToSharedLocation({ eventId: event.id, location: { kind: 'folder', path: sharedDir }, shareOriginals: true, shareFaces: false });
    return { eventId: event.id, eventPhotos: withFaces.length + others.length };
  } finally {
    await engine.close();
  }
}

function moveInto(file: string, photosDir: string, poolDir: string): void {
  const target = path.join(photosDir, path.relative(poolDir, file));
  mkdirSync(path.dirname(target), { recursive: true });
  renameSync(file, target);
}

/** New photos for this index round to find (the pool's files in name order). */
function moveNewPhotosIn(library: Library): void {
  const pool = readdirSync(library.poolDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  if (pool.length < photosPerIndexRound) throw new Error('the photo pool is used up');
  for (const file of pool.slice(0, photosPerIndexRound)) moveInto(file, library.photosDir, library.poolDir);
}

function facetArgs(libraryDir: string, args: string[]): string[] {
  return [facetBin, '--library', libraryDir, ...args];
}

function runOperation(library: Library, operation: FaultOperation, killAfterMs: number | null): Promise<ChildResult> {
  const { libraryDir } = library;
  const layout = libraryLayout(libraryDir);
  // Where each operation's first write shows: then its own work has begun.
  const writes = {
    index: { dir: layout.derivativesDir, recursive: true },
    sync: { dir: library.sharedDir, recursive: true },
    backup: { dir: layout.backupsDir, recursive: false },
    // Its first catalog write: the library opening, then the clustering itself.
    recluster: { dir: libraryDir, recursive: false },
    // The package's temp folder appearing beside its destination.
    export: { dir: library.exportDir, recursive: false },
  }[operation];
  const args = {
    index: () => facetArgs(libraryDir, ['index', library.photosDir]),
    sync: () => facetArgs(libraryDir, ['sync', String(library.eventId), '--json']),
    backup: () => facetArgs(libraryDir, ['backup']),
    recluster: () => ['--import', 'tsx', childScript, libraryDir, 'recluster'],
    export: () => ['--import', 'tsx', childScript, libraryDir, 'export', String(library.eventId), library.exportTo],
  }[operation]();
  mkdirSync(writes.dir, { recursive: true });
  return runChild(args, writes, killAfterMs);
}

/**
 * Runs node with `args`; SIGKILLs it killAfterMs after the first change in `writes.dir` (null:
 * lets it finish, and it must succeed).
 */
function runChild(args: string[], writes: { dir: string; recursive: boolean }, killAfterMs: number | null): Promise<ChildResult> {
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let firstWrite: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  const watcher = watch(writes.dir, { recursive: writes.recursive }, () => {
    if (firstWrite !== null) return;
    firstWrite = performance.now();
    if (killAfterMs !== null) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  });
  // A recursive watch fails on a folder that vanished (renamed into place) before it was read;
  // by then the first write was seen.
  watcher.on('error', () => undefined);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      watcher.close();
      if (timer) clearTimeout(timer);
      const workMs = firstWrite === null ? 0 : Math.round(performance.now() - firstWrite);
      if (signal === 'SIGKILL') resolve({ killed: true, workMs, stdout });
      else if (code === 0) resolve({ killed: false, workMs, stdout });
      else reject(new Error(`node ${args.slice(-4).join(' ')} exited with ${code ?? signal}: ${stderr.slice(-2000)}`));
    });
  });
}

function readCatalog<T>(libraryDir: string, read: (db: Database.Database) => T): T {
  // Read-write, as the next start opens it: SQLite replays or drops what the killed writer left in its log.
  const db = new Database(libraryLayout(libraryDir).catalogFile, { fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** What the user made by hand, in a form that compares with ===. */
function editsOf(db: Database.Database): string {
  const names = db
    .prepare(
      `SELECT p.name, group_concat(f.id) AS faces FROM people p JOIN faces f ON f.person_id = p.id WHERE p.name IS NOT NULL GROUP BY p.id ORDER BY p.name`,
    )
    .all();
  const events = db.prepare(`SELECT e.name, (SELECT count(*) FROM event_photos ep WHERE ep.event_id = e.id) AS photos FROM events e ORDER BY e.id`).all();
  const guests = db.prepare(`SELECT g.name, (SELECT count(*) FROM guest_references r WHERE r.guest_id = g.id) AS refs FROM event_guests g ORDER BY g.id`).all();
  return JSON.stringify({ names, events, guests });
}

function facesBySha(db: Database.Database): Map<string, number> {
  const rows = db.prepare('SELECT sha256, count(*) AS n FROM faces GROUP BY sha256').all() as { sha256: string; n: number }[];
  return new Map(rows.map((r) => [r.sha256, r.n]));
}

function inspectCatalog(library: Library): Pick<FaultRound, 'integrity' | 'editsIntact'> {
  return readCatalog(library.libraryDir, (db) => {
    const integrity = (db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    const foreignKeys = db.pragma('foreign_key_check') as unknown[];
    return {
      integrity: foreignKeys.length === 0 ? integrity : `${integrity}; ${foreignKeys.length} foreign key violations`,
      editsIntact: editsOf(db) === library.edits,
    };
  });
}

/**
 * After the complete run: every photo on disk indexed once with the faces it had, the event's
 * photos all exported and shared once each, and the backups whole, within their number, with the
 * edits in the newest.
 */
function countLostAndDoubled(library: Library, operation: FaultRound['operation'], recovery: ChildResult | null): { lost: number; doubled: number } {
  const onDisk = readdirSync(library.photosDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
  const facts = readCatalog(library.libraryDir, (db) => ({
    indexed: (db.prepare(`SELECT count(*) AS n FROM files WHERE state = 'indexed'`).get() as { n: number }).n,
    rows: (db.prepare(`SELECT count(*) AS n FROM files`).get() as { n: number }).n,
    faces: facesBySha(db),
  }));
  let lost = Math.max(0, onDisk - facts.indexed);
  let doubled = Math.max(0, facts.rows - onDisk);
  for (const [sha, count] of library.facesBySha) {
    const now = facts.faces.get(sha) ?? 0;
    lost += Math.max(0, count - now);
    doubled += Math.max(0, now - count);
  }
  if (operation === 'export' || operation === 'sync') {
    const result = JSON.parse(recovery!.stdout) as { photos?: number; sharedPhotos?: number };
    const delivered = operation === 'export' ? result.photos! : result.sharedPhotos!;
    lost += Math.max(0, library.eventPhotos - delivered);
    doubled += Math.max(0, delivered - library.eventPhotos);
  }
  if (operation === 'backup') {
    const backupsDir = libraryLayout(library.libraryDir).backupsDir;
    const backups = listBackups(backupsDir);
    lost += backups.filter((b) => backupProblems(b.file, 'integrity_check').length > 0).length;
    doubled += Math.max(0, readdirSync(backupsDir).length - Math.min(backups.length, defaultBackupPolicy.keep));
    const newest = new Database(backups[0]!.file, { readonly: true });
    try {
      if (editsOf(newest) !== library.edits) lost += 1;
    } finally {
      newest.close();
    }
  }
  return { lost, doubled };
}
