import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { unsafeNameReason } from '../share/refusal';
import { LocationNotFoundError, LocationTooLargeError, type SharedLocation } from './location';

const tempMarker = '.facet-tmp-';

/**
 * A shared folder. New keys appear atomically: the bytes go to a hidden temp file first, which
 * is then hard-linked to the final name (link fails if that name exists, like O_EXCL), so a
 * reader sees a complete file or none. File systems without hard links (some network and
 * FAT-formatted drives) fall back to creating the final name with O_EXCL; a reader then may see
 * a partial file, which the log reader and the object checksums reject until it is complete.
 */
export class FolderLocation implements SharedLocation {
  readonly label: string;

  private constructor(
    private readonly root: string,
    /** Temp files carry the writer's id, so a writer only cleans up after itself. */
    private readonly tempTag: string,
  ) {
    this.label = root;
  }

  /** Opens the folder (it must exist) and removes temp files an interrupted earlier run of this writer left. */
  static async open(root: string, writerId: string): Promise<FolderLocation> {
    const resolved = path.resolve(root);
    const stat = await fs.stat(resolved).catch(() => null);
    if (stat === null || !stat.isDirectory()) throw new Error(`shared folder not found: ${resolved}`);
    const location = new FolderLocation(resolved, `${tempMarker}${writerId}-`);
    await location.removeOwnTemps();
    return location;
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const walk = async (rel: string): Promise<void> => {
      const entries = await fs.readdir(this.pathOf(rel), { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      });
      for (const entry of entries) {
        // Temp files and what sync clients leave (.dropbox, ._ forks) are nobody's keys.
        if (entry.name.startsWith('.')) continue;
        const key = rel === '' ? entry.name : `${rel}/${entry.name}`;
        // Links are never followed: a shared folder must not lead a reader elsewhere.
        if (entry.isDirectory()) await walk(key);
        else if (entry.isFile()) keys.push(key);
      }
    };
    await walk(prefix.replace(/\/+$/, ''));
    return keys.sort();
  }

  async read(key: string, maxBytes: number): Promise<Buffer> {
    const handle = await fs.open(this.pathOf(key), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new LocationNotFoundError(key) : error;
    });
    try {
      const { size } = await handle.stat();
      if (size > maxBytes) throw new LocationTooLargeError(key, maxBytes);
      const chunks: Buffer[] = [];
      let total = 0;
      // Counted while read: the file may grow after the stat.
      for await (const chunk of handle.createReadStream({ autoClose: false, highWaterMark: 256 * 1024 })) {
        total += (chunk as Buffer).length;
        if (total > maxBytes) throw new LocationTooLargeError(key, maxBytes);
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks);
    } finally {
      await handle.close();
    }
  }

  async writeNew(key: string, data: Buffer): Promise<'written' | 'exists'> {
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    if (await this.exists(key)) return 'exists';
    const temp = path.join(path.dirname(target), `${this.tempTag}${randomBytes(6).toString('hex')}`);
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(data);
      // On disk before it has its name: a power cut must not leave a named but empty file.
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.link(temp, target);
      return 'written';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return 'exists';
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw error;
      return await this.writeExclusive(target, data);
    } finally {
      await fs.rm(temp, { force: true });
    }
  }

  async exists(key: string): Promise<boolean> {
    return fs.lstat(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  async close(): Promise<void> {}

  private async writeExclusive(target: string, data: Buffer): Promise<'written' | 'exists'> {
    try {
      await fs.writeFile(target, data, { flag: 'wx' });
      return 'written';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
      throw error;
    }
  }

  /** Keys come from the log format's own patterns; this is the last check before they touch the disk. */
  private pathOf(key: string): string {
    const unsafe = key === '' ? null : unsafeNameReason(key);
    if (unsafe !== null) throw new Error(`unsafe key: ${unsafe}`);
    return key === '' ? this.root : path.join(this.root, ...key.split('/'));
  }

  private async removeOwnTemps(): Promise<void> {
    for (const dir of ['objects', 'logs', 'keys']) {
      const entries = await fs.readdir(path.join(this.root, dir), { recursive: true, withFileTypes: true }).catch(() => []);
      await Promise.all(
        entries
          .filter((entry) => entry.isFile() && entry.name.startsWith(this.tempTag))
          .map((entry) => fs.rm(path.join(entry.parentPath, entry.name), { force: true })),
      );
    }
  }
}
