import { ApiError, type ApiParsedInput, type FacetApi } from '../../shared/api';
import type { Catalog } from '../catalog/catalog';
import type { EventPhotoFacts } from '../catalog/events-repo';
import type { LibraryLayout } from '../catalog/layout';
import { originalLocation } from '../catalog/photo-queries';
import { derivativeLocation } from '../library/derivative-files';
import { EventAudience, exportForEveryone } from '../events/guests-share';
import { packageBiometrics } from './biometrics';
import { estimateSharePackages, type PackageContents } from './estimate';
import { exportSharePackage, type ExportPhoto } from './export';
import { importSharePackage, PackageRefusedError } from './import';
import { absoluteUserPath } from '../user-path';

export type ShareApi = Pick<FacetApi, 'exportEvent' | 'exportEventForEveryone' | 'estimateEventExport' | 'importSharePackage' | 'exportPhotos'>;
type ExportInput = ApiParsedInput<'exportEvent'>;

/** The face models in use, for packages with selfie search. */
export interface ShareFaceModels {
  /** Model pack folder; null when faces are off. */
  packDir: string | null;
  /** embedding_models row of that pack; null when faces are off. */
  modelId: () => number | null;
}

/** Share packages over the catalog: the export and import methods of the API contract. */
export function createShareApi(catalog: Catalog, layout: LibraryLayout, faces?: ShareFaceModels): ShareApi {
  const events = catalog.events;
  const audience = new EventAudience(catalog);

  const exportPhoto = (row: EventPhotoFacts): ExportPhoto => {
    const preview = catalog.derivatives.get(row.sha256, 'preview');
    return {
      id: row.id,
      sha256: row.sha256,
      fileName: row.relPath.slice(row.relPath.lastIndexOf('/') + 1),
      mediaType: row.mediaType,
      takenAt: row.takenAt,
      width: row.width,
      height: row.height,
      preview: preview && derivativeLocation(layout.libraryDir, layout.derivativesDir, preview.path),
      original: row.missing || row.sourceKind !== 'folder' ? null : originalLocation(row.sourceKind, row.root, row.relPath),
    };
  };

  /** Only on the host's opt-in: the embeddings of the exported photos' faces and the models that made them. */
  const biometricsOf = (rows: readonly EventPhotoFacts[]) => {
    const modelId = faces?.modelId() ?? null;
    if (modelId === null || !faces?.packDir) throw new ApiError('unavailable', 'selfie search in a package needs the face models, which are off');
    return packageBiometrics(catalog, modelId, faces.packDir, rows);
  };

  const eventOf = (eventId: number) => {
    const event = events.get(eventId);
    if (event === null) throw new ApiError('not_found', `no event with id ${eventId}`);
    return event;
  };

  /** The event's photos in a package with these options (all, `photoIds`, or a guest's or person's). */
  const photoRows = ({ eventId, photoIds, subset }: Pick<ExportInput, 'eventId' | 'photoIds' | 'subset'>): EventPhotoFacts[] => {
    eventOf(eventId);
    let rows = events.photoFacts(eventId);
    if (photoIds) {
      const members = new Set(rows.map((row) => row.id));
      const outside = photoIds.filter((id) => !members.has(id));
      if (outside.length > 0) {
        throw new ApiError('invalid_input', `photos ${outside.slice(0, 20).join(', ')} are not in event ${eventId}`);
      }
      const wanted = new Set(photoIds);
      rows = rows.filter((row) => wanted.has(row.id));
    }
    if (subset) {
      const theirs = audience.subsetShas(eventId, subset);
      rows = rows.filter((row) => theirs.has(row.sha256));
    }
    return rows;
  };

  /** What the package of `rows` holds: photos, the names chosen, and face data when opted in. */
  const packageContents = (rows: EventPhotoFacts[], options: Omit<ExportInput, 'destination' | 'format' | 'photoIds' | 'subset'>): PackageContents => {
    const event = eventOf(options.eventId);
    return {
      event: { name: event.name, startsAt: event.startsAt, endsAt: event.endsAt },
      photos: rows.map(exportPhoto),
      includeOriginals: options.includeOriginals,
      videoMaxBytes: options.videoMaxBytes,
      watermark: options.watermark ?? null,
      ...audience.members(options.eventId, rows, options),
      ...(options.includeBiometrics ? biometricsOf(rows) : {}),
    };
  };

  const api: ShareApi = {
    async exportEvent({ destination, format, photoIds, subset, ...options }) {
      const rows = photoRows({ eventId: options.eventId, photoIds, subset });
      return exportSharePackage({ ...packageContents(rows, options), destination: absoluteUserPath(destination, 'the export destination'), format });
    },

    async estimateEventExport({ format, forEveryone, ...options }) {
      const rows = photoRows(options);
      const counts = forEveryone ? audience.everyonePhotoCounts(options.eventId, rows) : [new Set(rows.map((row) => row.sha256)).size];
      return estimateSharePackages(packageContents(rows, options), format, counts);
    },

    async exportEventForEveryone({ eventId, destination, format, ...options }) {
      eventOf(eventId);
      return exportForEveryone(audience, eventId, destination, format, (guestId, target) =>
        api.exportEvent({ eventId, destination: target, format, ...options, subset: { guestId } }),
      );
    },

    /** Photos picked in a grid, packaged like an event of their own: no names, no face data. */
    async exportPhotos({ photoIds, destination, format, name, includeOriginals, watermark, videoMaxBytes }) {
      const rows = events.factsOf(photoIds);
      const found = new Set(rows.map((row) => row.id));
      const unknown = photoIds.filter((photoId) => !found.has(photoId));
      if (unknown.length > 0) throw new ApiError('not_found', `no photo with id ${unknown.slice(0, 20).join(', ')}`);
      // The span of their capture times as wall clock (the package's date line), like an event's.
      const captured = rows.flatMap((row) => (row.takenAt === null ? [] : [row.takenAt.slice(0, 19)])).sort();
      return exportSharePackage({
        event: { name: name ?? 'Selected photos', startsAt: captured[0] ?? null, endsAt: captured.at(-1) ?? null },
        photos: rows.map(exportPhoto),
        includeOriginals,
        videoMaxBytes,
        watermark: watermark ?? null,
        destination: absoluteUserPath(destination, 'the export destination'),
        format,
      });
    },

    async importSharePackage({ source, destination }) {
      try {
        return await importSharePackage(absoluteUserPath(source, 'the package to import'), absoluteUserPath(destination, 'the import destination'));
      } catch (error) {
        if (error instanceof PackageRefusedError) throw new ApiError('invalid_input', error.message);
        throw error;
      }
    },
  };
  return api;
}
