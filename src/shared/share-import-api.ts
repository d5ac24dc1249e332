/**
 * Bringing a share package someone else wrote into this library: first a look at what it holds
 * (read-only, with the same checks as the import, so a refusal is known before anything is
 * written), then the import into a new event or an existing one.
 */
import { z } from 'zod';
import type { EventInfo, ShareImportResult } from './api';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const fsPath = z.string().min(1).max(4096);

export const shareImportApiInputs = {
  /** What a package (.zip or folder) holds; refused packages fail with the reason the import would give. */
  inspectSharePackage: z.object({ source: fsPath }).strict(),
  /**
   * Unpacks a package into a new folder (by default under the library's imports/), which becomes a source,
   * indexes its photos, and puts them in a new event named as the package's, or in an existing event.
   */
  importSharePackageToLibrary: z
    .object({
      source: fsPath,
      /** Where to unpack it; absent: a new folder under the library's imports/. */
      destination: fsPath.optional(),
      into: z.discriminatedUnion('kind', [z.object({ kind: z.literal('new-event') }).strict(), z.object({ kind: z.literal('event'), eventId: id }).strict()]),
    })
    .strict(),
} as const;

/** A share package as inspectSharePackage reads it, before anything is imported. */
export interface SharePackagePreview {
  source: string;
  format: 'zip' | 'folder';
  eventName: string;
  /** Capture-time span the package's event gives, local wall clock; null when it has none. */
  startsAt: string | null;
  endsAt: string | null;
  /** Photos and videos in the package (videos counted in both). */
  photos: number;
  videos: number;
  /** The people and guests the package names, each once. */
  people: string[];
  /** Bytes of the photo files the import would write. */
  bytes: number;
  hasOriginals: boolean;
  /** Face data for selfie search (kept in the package, never imported). */
  hasBiometrics: boolean;
  /** The tool and version that wrote it, as the package says. */
  generator: string;
}

export interface SharePackageLibraryImport extends ShareImportResult {
  /** The event the photos are in now. */
  event: EventInfo;
  /** The library source the unpacked photos became. */
  sourceId: number;
}

export interface ShareImportApiOutputs {
  inspectSharePackage: SharePackagePreview;
  importSharePackageToLibrary: SharePackageLibraryImport;
}
