import os from 'node:os';
import path from 'node:path';

/** Where a library lives when the user does not choose: the platform's per-user app-data folder. */
export function defaultLibraryDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  switch (platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Facet', 'library');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Facet', 'library');
    default:
      return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'facet', 'library');
  }
}
