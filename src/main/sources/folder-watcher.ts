import fs, { type Stats } from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { defaultMaxDepth, folderIdentity } from './folder-scanner';
import { isSkippedName } from './skip-rules';

export interface FolderWatcher {
  /** Resolves once the initial tree is being watched. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface WatchOptions {
  /** Quiet time before a batch of touched paths is handed over. */
  debounceMs?: number;
  maxDepth?: number;
  onError?: (error: unknown) => void;
}

/**
 * Watches a source folder and reports touched paths (relative, '/'-separated) in debounced
 * batches; the caller rescans just those paths. Files still being written are reported once
 * their size has settled. Like the scanner, it follows links but reports each folder under one
 * name, the one the scanner keeps: a link back up the tree (`ln -s . loop`) would otherwise be
 * watched as loop/loop/... until the kernel says ELOOP, reporting every new photo under each of
 * those names.
 */
export function watchFolder(root: string, onTouched: (relPaths: string[]) => void, options: WatchOptions = {}): FolderWatcher {
  const debounceMs = options.debounceMs ?? 750;
  const touched = new Set<string>();
  let timer: NodeJS.Timeout | null = null;

  const flush = () => {
    timer = null;
    if (touched.size === 0) return;
    const batch = [...touched];
    touched.clear();
    onTouched(batch);
  };

  const folders = new WatchedFolders(root);
  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    depth: options.maxDepth ?? defaultMaxDepth,
    ignored: (candidate: string, stats?: Stats) =>
      candidate !== root && (isSkippedName(path.basename(candidate)) || (stats?.isDirectory() === true && folders.isRepeat(candidate))),
    awaitWriteFinish: { stabilityThreshold: 400, pollInterval: 100 },
  });
  watcher.on('all', (_event, changed) => {
    const rel = path.relative(root, changed);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel) || folders.isInRepeat(changed)) return;
    touched.add(rel.split(path.sep).join('/'));
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  });
  watcher.on('error', (error) => options.onError?.(error));

  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    async close() {
      if (timer) clearTimeout(timer);
      timer = null;
      touched.clear();
      await watcher.close();
    },
  };
}

/**
 * The one path each folder is watched and reported under, by device and inode: the path the
 * scanner keeps (it walks names in byte order and keeps the first path it meets to a folder), so
 * a rescan of what the watcher reports finds the photos under the names the catalog has.
 */
class WatchedFolders {
  private readonly owner = new Map<string, string>();

  constructor(private readonly root: string) {
    this.isRepeat(root);
  }

  /**
   * True when `dir` is a folder also reached under a path the scanner meets first, which still
   * leads to it. Once that path is gone (renamed, link removed), `dir` takes over.
   */
  isRepeat(dir: string): boolean {
    const identity = identityOf(dir);
    if (identity === null) return false;
    const owner = this.owner.get(identity);
    if (owner !== undefined && owner !== dir && identityOf(owner) === identity && this.scannerMeets(owner, dir)) return true;
    this.owner.set(identity, dir);
    return false;
  }

  /**
   * True when `changed` lies in a folder reached under another name too (a folder met first under
   * a later name is watched under both until the better one is seen): only one name reports it.
   */
  isInRepeat(changed: string): boolean {
    const parts = path.relative(this.root, changed).split(path.sep);
    return parts.some((_part, i) => this.isRepeat(path.join(this.root, ...parts.slice(0, i + 1))));
  }

  /**
   * Whether the scanner reaches `a` before `b`. It lists folders depth first in byte order of
   * their names, and claims every subfolder of a folder when it lists it: first by the order of
   * the parents, then by name.
   */
  private scannerMeets(a: string, b: string): boolean {
    const [partsA, partsB] = [a, b].map((p) =>
      path
        .relative(this.root, p)
        .split(path.sep)
        .map((part) => Buffer.from(part)),
    );
    return (compareParts(partsA!.slice(0, -1), partsB!.slice(0, -1)) || Buffer.compare(partsA!.at(-1)!, partsB!.at(-1)!)) < 0;
  }
}

/** Depth-first order of folders given as name parts: a folder before what is inside it. */
function compareParts(a: Buffer[], b: Buffer[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = Buffer.compare(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function identityOf(dir: string): string | null {
  // Chokidar's stats may be a Dirent (no inode) or lose precision (numbers): ask for bigints.
  const stats = fs.statSync(dir, { bigint: true, throwIfNoEntry: false });
  return stats?.isDirectory() ? folderIdentity(stats) : null;
}
