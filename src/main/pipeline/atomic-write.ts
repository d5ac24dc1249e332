import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

/**
 * Writes through a temporary file in the same folder, flushed to disk, then renamed into place:
 * a crash or kill -9 leaves either the old state or the complete file at the final name.
 */
export async function writeFileAtomic(finalPath: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${finalPath}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, finalPath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
