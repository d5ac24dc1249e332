import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { createLaunchToken } from './auth';
import { writeFileAtomic } from '../fs/atomic-file';

/**
 * `facet serve --remember`: the web mode's secret and port kept in the library folder, so the
 * printed link and a bookmark of the app keep working when the server restarts on this machine.
 * The file is the secret itself: readable by its owner only (0600), and a copy that others could
 * read is treated as leaked and replaced.
 */
export const rememberedSessionFile = 'web-session.json';

export interface RememberedSession {
  token: string;
  /** The port the last launch listened on; null before the first one. */
  port: number | null;
}

export interface LoadedSession {
  session: RememberedSession;
  /** The secret was made now (first --remember, reset, or the old file refused); browsers must open the new link. */
  created: boolean;
  /** Why a stored session was not reused, for the terminal. */
  notice: string | null;
}

const sessionSchema = z
  .object({
    version: z.literal(1),
    // createLaunchToken: 32 random bytes as base64url.
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    port: z.number().int().min(1).max(65535).nullable(),
  })
  .strict();

export function rememberedSessionPath(libraryDir: string): string {
  return path.join(libraryDir, rememberedSessionFile);
}

/** The stored session when it is sound, else a new one (not yet saved: saveRememberedSession does that). */
export async function loadRememberedSession(libraryDir: string, options: { reset?: boolean } = {}): Promise<LoadedSession> {
  const fresh = (notice: string | null): LoadedSession => ({ session: { token: createLaunchToken(), port: null }, created: true, notice });
  if (options.reset) return fresh(null);
  const file = rememberedSessionPath(libraryDir);
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (info === null) return fresh(null);
  // Group or others could have read it (Windows has no such bits to check).
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    return fresh(`${file} was readable by other users (mode ${(info.mode & 0o777).toString(8)}); made a new secret`);
  }
  let parsed: z.infer<typeof sessionSchema>;
  try {
    parsed = sessionSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    return fresh(`${file} could not be read as a Facet web session; made a new secret`);
  }
  return { session: { token: parsed.token, port: parsed.port }, created: false, notice: null };
}

/** Writes the session readable by its owner only, atomically (a crash never leaves half a secret). */
export async function saveRememberedSession(libraryDir: string, session: RememberedSession): Promise<void> {
  const file = rememberedSessionPath(libraryDir);
  await mkdir(libraryDir, { recursive: true });
  await writeFileAtomic(file, JSON.stringify({ version: 1, ...session }, null, 2) + '\n', { mode: 0o600 });
}
