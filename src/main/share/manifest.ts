/**
 * The share package manifest, version 1. The exporter writes it, the viewer reads it (through
 * manifest.js) and the importer validates it: every field that comes from someone else's package
 * is bounded here, and every file path must be one of the content-addressed names below, so a
 * manifest alone can never point outside its package.
 */
import { z } from 'zod';
import { hasControlCharacter, nameSchema } from '../../shared/names';

export const manifestFormat = 'facet-share';
export const manifestFormatVersion = 1;
export const manifestFileName = 'manifest.json';
/** The same manifest as a script setting a global: file:// pages cannot fetch JSON in Chromium. */
export const manifestScriptName = 'manifest.js';
export const manifestGlobal = 'FACET_MANIFEST';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase sha256');
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasControlCharacter(s), 'control characters');
const wallClock = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?([+-]\d{2}:\d{2}|Z)?$/, 'expected an ISO date-time');

/** A video's original, by the extension the exporter gives it (viewer.js plays the same ones). */
export const packageVideoPattern = /\.(mp4|m4v|mov|webm|mkv|avi|3gp)$/;

/** images/ and thumbs/ are WebP named by content and rendering; originals/ by content and type. */
export const packagePathPattern = /^(?:(?:images|thumbs)\/[0-9a-f]{64}-[0-9a-f]{8}\.webp|originals\/[0-9a-f]{64}\.[a-z0-9]{1,8})$/;

const packageFile = z
  .object({
    path: z.string().regex(packagePathPattern, 'not a package file name'),
    sha256,
    bytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  })
  .strict();

const imageFile = packageFile.extend({ width: z.number().int().positive().max(100_000), height: z.number().int().positive().max(100_000) }).strict();

const photo = z
  .object({
    /** Content hash of the original: the photo's identity across libraries. */
    sha256,
    /** Original file name, for display and as the download name; never used as a path. */
    fileName: text(255).refine((s) => s.length > 0 && !/[/\\]/.test(s), 'not a plain file name'),
    takenAt: wallClock.nullable(),
    width: z.number().int().positive().max(100_000).nullable(),
    height: z.number().int().positive().max(100_000).nullable(),
    image: imageFile,
    thumb: imageFile,
    original: packageFile.optional(),
  })
  .strict();

/** A person the host chose to include, or a guest; `photos` are sha256 of photos in this package. */
const member = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), name: nameSchema, photos: z.array(sha256).max(100_000) }).strict();

/**
 * Face data for in-browser selfie search (a later step). Written only when the host opts in;
 * without that, a package holds no embeddings and no face boxes at all.
 */
const biometrics = z
  .object({
    model: text(100),
    dim: z.number().int().min(1).max(4096),
    faces: z
      .array(
        z
          .object({
            photo: sha256,
            personId: z
              .string()
              .regex(/^[A-Za-z0-9_-]{1,64}$/)
              .optional(),
            /** x, y, width, height as fractions of the image. */
            box: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)]),
            /** Float32 little-endian, base64. */
            embedding: z
              .string()
              .max(65_536)
              .regex(/^[A-Za-z0-9+/]*={0,2}$/),
          })
          .strict(),
      )
      .max(1_000_000),
  })
  .strict();

export const manifestSchema = z
  .object({
    format: z.literal(manifestFormat),
    formatVersion: z.literal(manifestFormatVersion),
    generator: text(100),
    createdAt: wallClock,
    event: z.object({ name: nameSchema, startsAt: wallClock.nullable(), endsAt: wallClock.nullable() }).strict(),
    photos: z.array(photo).max(100_000),
    people: z.array(member).max(10_000),
    guests: z.array(member).max(10_000),
    biometrics: biometrics.optional(),
  })
  .strict()
  .superRefine((manifest, ctx) => {
    const shas = new Set<string>();
    for (const [index, entry] of manifest.photos.entries()) {
      if (shas.has(entry.sha256)) ctx.addIssue({ code: 'custom', path: ['photos', index], message: 'duplicate photo' });
      shas.add(entry.sha256);
      if (entry.original && !entry.original.path.startsWith(`originals/${entry.sha256}.`)) {
        ctx.addIssue({ code: 'custom', path: ['photos', index, 'original'], message: 'original not named by its hash' });
      }
    }
    for (const key of ['people', 'guests'] as const) {
      for (const [index, entry] of manifest[key].entries()) {
        if (entry.photos.some((sha) => !shas.has(sha))) {
          ctx.addIssue({ code: 'custom', path: [key, index], message: 'lists a photo the package does not hold' });
        }
      }
    }
    for (const [index, face] of (manifest.biometrics?.faces ?? []).entries()) {
      if (!shas.has(face.photo)) {
        ctx.addIssue({ code: 'custom', path: ['biometrics', 'faces', index], message: 'a face in a photo the package does not hold' });
      }
    }
  });

export type ShareManifest = z.infer<typeof manifestSchema>;
export type ManifestPhoto = ShareManifest['photos'][number];
export type ManifestBiometrics = NonNullable<ShareManifest['biometrics']>;
export type ManifestMember = ShareManifest['people'][number];
export type ManifestPackageFile = z.infer<typeof packageFile>;

/** Every package file a manifest references, once each. */
export function manifestFiles(manifest: ShareManifest): ManifestPackageFile[] {
  const files = new Map<string, ManifestPackageFile>();
  for (const entry of manifest.photos) {
    for (const file of [entry.image, entry.thumb, entry.original]) if (file) files.set(file.path, file);
  }
  return [...files.values()];
}

/** manifest.js: the JSON assigned to a global, with '<' escaped so no text can close a script. */
export function manifestScript(manifest: ShareManifest): string {
  return `window.${manifestGlobal} = ${JSON.stringify(manifest).replace(/</g, '\\u003c')};\n`;
}
