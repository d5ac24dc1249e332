/**
 * The face data a package carries for in-browser selfie search, read from the catalog only when
 * the host opted in: one embedding per searchable face of the exported photos (the same vectors
 * the desktop's search compares against), its box as fractions of the photo, the embedding
 * model's version; the match threshold comes with the model pack (biometrics-runtime.ts).
 */
import type { Catalog } from '../catalog/catalog';
import type { SearchRuntimeOptions } from './biometrics-runtime';
import type { ManifestBiometrics } from './manifest';
import { searchableFace } from '../catalog/face-filters';

export interface BiometricsPhoto {
  sha256: string;
  /** Oriented size, which face boxes are measured in; null when unknown. */
  width: number | null;
  height: number | null;
}

export interface PackageBiometrics {
  biometrics: ManifestBiometrics;
  searchRuntime: SearchRuntimeOptions;
}

/** SQLite's default limit on host parameters is 32766; stay well below. */
const chunk = 10_000;

/** Faces of `photos` embedded by model `modelId`, for a package; `packDir` holds that model's pack. */
export function packageBiometrics(catalog: Catalog, modelId: number, packDir: string, photos: readonly BiometricsPhoto[]): PackageBiometrics {
  const model = catalog.faceVectors.model(modelId);
  if (model === null) throw new Error(`no embedding model with id ${modelId}`);
  const modelVersion = `${model.name}-v${model.version}`;
  const sizes = new Map(photos.map((photo) => [photo.sha256, photo]));
  const shas = [...sizes.keys()];
  const faces: ManifestBiometrics['faces'] = [];
  for (let i = 0; i < shas.length; i += chunk) {
    const part = shas.slice(i, i + chunk);
    const rows = catalog.db
      .prepare(
        `SELECT sha256, box_x AS x, box_y AS y, box_w AS w, box_h AS h, embedding FROM faces
         WHERE ${searchableFace()}
           AND sha256 IN (${part.map(() => '?').join(',')})
         ORDER BY id`,
      )
      .all(modelId, ...part) as { sha256: string; x: number; y: number; w: number; h: number; embedding: Buffer }[];
    for (const row of rows) {
      if (row.embedding.byteLength !== model.dim * 4) throw new Error(`a face of ${row.sha256} has a damaged embedding`);
      const { width, height } = sizes.get(row.sha256)!;
      const fraction = (value: number, of: number | null) => (of ? Math.min(1, Math.max(0, value / of)) : 0);
      faces.push({
        photo: row.sha256,
        box: [fraction(row.x, width), fraction(row.y, height), fraction(row.w, width), fraction(row.h, height)],
        // The stored BLOB is the float32 little-endian vector itself.
        embedding: row.embedding.toString('base64'),
      });
    }
  }
  return {
    biometrics: { model: modelVersion, dim: model.dim, faces },
    searchRuntime: { packDir, modelVersion },
  };
}
