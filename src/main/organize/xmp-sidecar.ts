/**
 * XMP sidecars: a rating set in Facet, written beside the original as `<file name>.xmp` (the
 * darktable / digiKam naming, which keeps IMG_1.jpg and IMG_1.cr3 apart) for other photo software.
 * Opt-in per library. exiftool writes the sidecar file only: the original is never opened for
 * writing, and a sidecar that is not a plain file (a link could point at anything) is refused.
 */
import fs from 'node:fs/promises';
import { ExifTool } from 'exiftool-vendored';
import { errorMessage } from '../../shared/error-message';

export function sidecarPath(original: string): string {
  return `${original}.xmp`;
}

export class XmpSidecarWriter {
  private exiftool: ExifTool | null = null;

  /** Sets xmp:Rating in the sidecar of `original`, creating it when absent and keeping its other tags. */
  async writeRating(original: string, rating: number): Promise<void> {
    const target = sidecarPath(original);
    const existing = await fs.lstat(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (existing !== null && !existing.isFile()) throw new Error(`${target} is not a plain file`);
    // exiftool creates an .xmp file from scratch when it does not exist; -overwrite_original
    // leaves no "_original" copy of an existing sidecar behind.
    await this.tool().write(target, { Rating: rating }, { writeArgs: ['-overwrite_original'] });
  }

  /** The write, or the reason it failed, in words. */
  async tryWriteRating(original: string, rating: number): Promise<string | null> {
    try {
      await this.writeRating(original, rating);
      return null;
    } catch (error) {
      return errorMessage(error);
    }
  }

  async close(): Promise<void> {
    await this.exiftool?.end();
    this.exiftool = null;
  }

  private tool(): ExifTool {
    // Its own perl process, started on the first sidecar: most libraries never write one.
    this.exiftool ??= new ExifTool({ maxProcs: 1, taskTimeoutMillis: 30_000 });
    return this.exiftool;
  }
}
