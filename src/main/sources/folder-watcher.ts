import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { defaultMaxDepth } from './folder-scanner';
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
 * their size has settled.
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

  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    depth: options.maxDepth ?? defaultMaxDepth,
    ignored: (candidate: string) => candidate !== root && isSkippedName(path.basename(candidate)),
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
