import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The viewer every package carries: plain HTML, CSS and JS, copied as they are. */
export const viewerFiles = ['index.html', 'viewer.css', 'viewer.js'] as const;

/**
 * Where the viewer files are. From source (tsx: tests, CLI) they are in viewer/ beside this
 * module; in the electron-vite bundle this module is part of out/main/index.js and the build
 * must copy src/main/share/viewer/ to out/main/share-viewer/.
 */
export function viewerSourceDir(moduleUrl: string = import.meta.url): string {
  const here = dirname(fileURLToPath(moduleUrl));
  return moduleUrl.endsWith('.ts') ? join(here, 'viewer') : join(here, 'share-viewer');
}
