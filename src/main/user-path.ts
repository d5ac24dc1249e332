/**
 * Paths typed by a person (in the app, the web mode or the CLI), made absolute the same way
 * everywhere: folders to add, export and import destinations, sync folders.
 */
import os from 'node:os';
import path from 'node:path';
import { ApiError } from '../shared/api';

/** `~` and `~/x` (or `~\x` on Windows): the home folder of the user running the engine. */
export function expandHome(input: string, home: string): string | null {
  if (input === '~') return home;
  if (input.startsWith('~/') || (path.sep === '\\' && input.startsWith('~\\'))) return path.join(home, input.slice(2));
  return null;
}

/**
 * A path typed by the user, as an absolute path. `~` is expanded; a relative path is refused:
 * the engine's working directory (wherever `facet serve` was started) means nothing to a person
 * at the browser, so guessing would silently add the wrong folder. The CLI resolves relative
 * arguments against the shell's directory itself before calling the API.
 */
export function absoluteUserPath(input: string, what = 'path', home = os.homedir()): string {
  const typed = input.trim();
  const expanded = expandHome(typed, home) ?? typed;
  if (!path.isAbsolute(expanded)) {
    throw new ApiError('invalid_input', `${what} must be a full path (like ${path.join(home, 'Pictures')} or ~/Pictures), not a relative one: ${typed}`);
  }
  return path.resolve(expanded);
}
