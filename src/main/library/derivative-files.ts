import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { DerivativeRow } from '../catalog/derivatives-repo';
import { PipelineError } from '../pipeline/types';
import { type ProcessedFile } from '../domain/indexed-file';
import { errorMessage } from '../../shared/error-message';

/**
 * Describes the thumbnail and preview the pipeline wrote, ready to record. Reading their
 * headers also proves the files are there and are images: a row is never recorded for a
 * derivative that does not exist.
 */
export async function describeDerivatives(libraryDir: string, result: ProcessedFile): Promise<DerivativeRow[]> {
  if (result.derivatives === null) return [];
  const kinds = [
    ['thumb', result.derivatives.thumb],
    ['preview', result.derivatives.preview],
  ] as const;
  return Promise.all(
    kinds.map(async ([kind, file]) => {
      try {
        const [stats, meta] = await Promise.all([fs.stat(file), sharp(file).metadata()]);
        return {
          sha256: result.sha256,
          kind,
          variant: '',
          path: path.relative(libraryDir, file).split(path.sep).join('/'),
          width: meta.width ?? null,
          height: meta.height ?? null,
          bytes: stats.size,
        };
      } catch (error) {
        const reason = errorMessage(error);
        throw new PipelineError('thumbnail', result.path, `${kind} was not written completely: ${reason}`);
      }
    }),
  );
}

/** Library-relative derivative path -> absolute, refusing anything outside the derivatives folder. */
export function derivativeLocation(libraryDir: string, derivativesDir: string, relPath: string): string | null {
  const abs = path.resolve(libraryDir, ...relPath.split('/'));
  const inside = path.relative(derivativesDir, abs);
  return inside === '' || inside.startsWith('..') || path.isAbsolute(inside) ? null : abs;
}
