import fs from 'node:fs/promises';
import path from 'node:path';

/** Bytes of the files under `dir` (links not followed); 0 when it does not exist. */
export async function folderSize(dir: string): Promise<number> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const sizes = await Promise.all(
    entries.map(async (entry) => {
      const location = path.join(dir, entry.name);
      if (entry.isDirectory()) return folderSize(location);
      if (!entry.isFile()) return 0;
      return fileSize(location);
    }),
  );
  return sizes.reduce((a, b) => a + b, 0);
}

/** 0 when the file does not exist. */
export async function fileSize(file: string): Promise<number> {
  return (await fs.stat(file).catch(() => null))?.size ?? 0;
}
