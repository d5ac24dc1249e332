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
 * their size has settled. Like the scanner, it follows links but watches each folder once: a
 * link back up the tree (`ln -s . loop`) would otherwise be watched as loop/loop/... until the
 * kernel says ELOOP, reporting every new photo under each of those names.
 */
export function watchFolder(
  root: string,
  onTouched: (relPaths: string[]) => void,
  options: WatchOptions = {},
): FolderWatcher {
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
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return;
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

/** The path each watched folder was first met under, by device and inode. */
class WatchedFolders {
  private readonly firstPath = new Map<string, string>();

  constructor(root: string) {
    this.isRepeat(root);
  }

  /**
   * True when `dir` is a folder already watched under another path that still leads to it. Once
   * that path is gone (renamed, link removed), the folder is watched under the next name met.
   */
  isRepeat(dir: string): boolean {
    const identity = identityOf(dir);
    if (identity === null) return false;
    const first = this.firstPath.get(identity);
    if (first !== undefined && first !== dir && identityOf(first) === identity) return true;
    this.firstPath.set(identity, dir);
    return false;
  }
}

function identityOf(dir: string): string | null {
  // Chokidar's stats may be a Dirent (no inode) or lose precision (numbers): ask for bigints.
  const stats = fs.statSync(dir, { bigint: true, throwIfNoEntry: false });
  return stats?.isDirectory() ? folderIdentity(stats) : null;
}
