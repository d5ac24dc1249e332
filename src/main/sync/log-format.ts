/**
 * The layout of a shared sync location and its log segment format, version 2 (1 without signatures).
 *
 *   objects/<sha256[0:2]>/<sha256>          content-addressed photo bytes (original or web rendition)
 *   logs/<contributorId>/<seq>.json         immutable log segments, one writer per folder
 *   keys/<contributorId>.json               the writer's Ed25519 public key, written when it joins
 *
 * A version 2 segment is signed by its writer's key (signing.ts); who may write what is judged
 * by trust.ts, this module only checks that a segment is well formed.
 *
 * Everything read from a location was written by someone else: every key is matched against
 * this layout before it is read, every segment is bounded in size and validated here, and every
 * name in it is checked before it becomes part of a local path.
 */
import { z } from 'zod';
import { hasControlCharacter, nameSchema } from '../../shared/names';
import { unsafeNameReason } from '../share/refusal';
import { isMediaFileName } from '../sources/skip-rules';
import { errorMessage } from '../../shared/error-message';

export const syncFormat = 'facet-sync';
/** The version this Facet writes: signed segments. It reads 1 too (trust.ts decides which it accepts). */
export const syncFormatVersion = 2;
const unsignedFormatVersion = 1;

/** Bounds on what a sync reads from others: a location must not exhaust memory, disk or time. */
export interface SyncLimits {
  maxSegmentBytes: number;
  maxObjectBytes: number;
  maxSegments: number;
}

const MiB = 1024 * 1024;
export const defaultSyncLimits: SyncLimits = {
  // 10 000 entries with face embeddings stay far below this.
  maxSegmentBytes: 16 * MiB,
  maxObjectBytes: 1024 * MiB,
  maxSegments: 200_000,
};

export const sha256Pattern = /^[0-9a-f]{64}$/;
export const contributorIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const segmentKeyPattern = /^logs\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/(\d{10})\.json$/;

export const logsPrefix = 'logs/';
export const objectsPrefix = 'objects/';
export const keysPrefix = 'keys/';
const keyRecordKeyPattern = /^keys\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$/;
/** Most entries one segment holds; a longer push writes several segments. */
export const maxSegmentEntries = 10_000;

export function objectKey(sha256: string): string {
  if (!sha256Pattern.test(sha256)) throw new Error(`not a sha256: ${JSON.stringify(sha256)}`);
  return `${objectsPrefix}${sha256.slice(0, 2)}/${sha256}`;
}

export function segmentKey(contributorId: string, seq: number): string {
  if (!contributorIdPattern.test(contributorId)) throw new Error(`not a contributor id: ${JSON.stringify(contributorId)}`);
  return `${logsPrefix}${contributorId}/${String(seq).padStart(10, '0')}.json`;
}

export function keyRecordKey(contributorId: string): string {
  if (!contributorIdPattern.test(contributorId)) throw new Error(`not a contributor id: ${JSON.stringify(contributorId)}`);
  return `${keysPrefix}${contributorId}.json`;
}

/** The contributor a key record's key names, or null for a key outside the layout. */
export function parseKeyRecordKey(key: string): string | null {
  return keyRecordKeyPattern.exec(key)?.[1] ?? null;
}

/** The writer and sequence number a log key names, or null for a key outside the layout. */
export function parseSegmentKey(key: string): { contributorId: string; seq: number } | null {
  const match = segmentKeyPattern.exec(key);
  if (match === null) return null;
  const seq = Number(match[2]);
  return seq >= 1 ? { contributorId: match[1]!, seq } : null;
}

const sha256 = z.string().regex(sha256Pattern, 'expected a lowercase sha256');
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasControlCharacter(s), 'control characters');
const isoDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([+-]\d{2}:\d{2}|Z)?$/, 'expected an ISO date-time');

/**
 * The photo's file name: shown to users and used as the name of the fetched file, so it must
 * be one plain, visible name of a media type the scanner indexes.
 */
export const unsafeFileNameMessage = 'unsafe file name';
const fileName = z
  .string()
  .min(1)
  .max(255)
  .superRefine((name, ctx) => {
    const unsafe = unsafeNameReason(name);
    if (unsafe !== null || name.includes('/') || name.startsWith('.')) {
      ctx.addIssue({ code: 'custom', message: `${unsafeFileNameMessage}: ${unsafe ?? JSON.stringify(name)}` });
    } else if (!isMediaFileName(name)) {
      ctx.addIssue({ code: 'custom', message: `not a photo or video file name: ${JSON.stringify(name)}` });
    }
  });

const base64 = (maxChars: number) =>
  z
    .string()
    .max(maxChars)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64');

/** More than any photo side. zod numbers are finite, so a 1e999 in the JSON (read as Infinity) is refused too. */
const maxPixels = 200_000;
const pixelCoordinate = z.number().min(-maxPixels).max(maxPixels);
const pixelExtent = z.number().min(0).max(maxPixels);

/** Face data, only present when the contributor opted in to sharing it. */
const faces = z
  .object({
    model: z.object({ name: text(100).min(1), version: text(100).min(1), dim: z.number().int().min(1).max(4096) }).strict(),
    faces: z
      .array(
        z
          .object({
            /**
             * x, y, width, height in the photo's oriented pixels, as the detector gave them and the
             * catalog holds them: a face at the edge of the frame has a box partly outside the photo
             * (negative x or y, or past the far edge). Whether a box fits the photo is judged once the
             * photo's size is known (shared-faces.ts); here only that the numbers are sane.
             */
            box: z.tuple([pixelCoordinate, pixelCoordinate, pixelExtent, pixelExtent]),
            score: z.number().min(0).max(1),
            /** Detector keypoints, same pixels as box: needed to embed the face again with a later model. */
            keypoints: z
              .array(z.tuple([pixelCoordinate, pixelCoordinate]))
              .max(20)
              .optional(),
            quality: z.number().min(0).max(1).optional(),
            /** Float32 little-endian, L2-normalized, base64. */
            embedding: base64(65_536),
          })
          .strict(),
      )
      .max(1000),
  })
  .strict()
  .superRefine((value, ctx) => {
    for (const [index, face] of value.faces.entries()) {
      if (Buffer.from(face.embedding, 'base64').length !== value.model.dim * 4) {
        ctx.addIssue({ code: 'custom', path: ['faces', index, 'embedding'], message: `not ${value.model.dim} float32 values` });
      }
    }
  });

const addEntry = z
  .object({
    op: z.literal('add'),
    /** Content hash of the original: the photo's identity across libraries. */
    sha256,
    bytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    fileName,
    mediaType: z.enum(['image', 'video']),
    takenAt: isoDateTime.nullable(),
    /** 64-bit difference hash as 16 hex digits (near-duplicate detection). */
    dhash: z
      .string()
      .regex(/^[0-9a-f]{16}$/, 'expected 16 hex digits')
      .nullable(),
    /** The bytes in objects/: the original itself, or a web-sized rendition of it. */
    object: z.object({ sha256, bytes: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), kind: z.enum(['original', 'web']) }).strict(),
    faces: faces.optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (entry.object.kind === 'original' && (entry.object.sha256 !== entry.sha256 || entry.object.bytes !== entry.bytes)) {
      ctx.addIssue({ code: 'custom', path: ['object'], message: 'an original object must be the photo itself' });
    }
  });

/** Observed-remove: the add tags ("<contributorId>/<seq>") the remover saw; a later add survives. */
const removeEntry = z
  .object({
    op: z.literal('remove'),
    sha256,
    tags: z
      .array(z.string().regex(/^[0-9a-f-]{36}\/\d{1,10}$/, 'expected <contributorId>/<seq>'))
      .min(1)
      .max(10_000),
  })
  .strict();

const eventEntry = z.object({ op: z.literal('event'), name: nameSchema }).strict();

export const logEntrySchema = z.discriminatedUnion('op', [addEntry, removeEntry, eventEntry]);

export const segmentSchema = z
  .object({
    format: z.literal(syncFormat),
    formatVersion: z.union([z.literal(unsignedFormatVersion), z.literal(syncFormatVersion)]),
    contributorId: z.string().regex(contributorIdPattern),
    seq: z.number().int().min(1).max(9_999_999_999),
    createdAt: isoDateTime,
    entries: z.array(logEntrySchema).min(1).max(maxSegmentEntries),
    /** Ed25519 over signedContent(the other fields), base64: required from version 2 on. */
    signature: base64(100).optional(),
  })
  .strict()
  .superRefine((segment, ctx) => {
    if ((segment.signature !== undefined) !== (segment.formatVersion === syncFormatVersion)) {
      ctx.addIssue({
        code: 'custom',
        path: ['signature'],
        message: `version ${syncFormatVersion} segments are signed, version ${unsignedFormatVersion} ones are not`,
      });
    }
    const seen = new Set<string>();
    for (const [index, item] of segment.entries.entries()) {
      if (item.op === 'event') continue;
      const key = `${item.op}:${item.sha256}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['entries', index], message: 'the same photo twice' });
      seen.add(key);
    }
  });

export type LogSegment = z.output<typeof segmentSchema>;
export type LogEntry = LogSegment['entries'][number];
export type AddEntry = Extract<LogEntry, { op: 'add' }>;
export type RemoveEntry = Extract<LogEntry, { op: 'remove' }>;
export type SharedFaces = NonNullable<AddEntry['faces']>;

/** The tag of the add entries of one segment: unique per contributor and sequence number. */
export function addTag(contributorId: string, seq: number): string {
  return `${contributorId}/${seq}`;
}

/** Why a log key or segment was not accepted. */
export type SyncRefusalReason =
  | 'unsigned'
  | 'bad-signature'
  | 'unknown-key'
  | 'key-changed'
  | 'future-dated'
  | 'unsafe-key'
  | 'too-large'
  | 'incomplete'
  | 'not-a-segment'
  | 'unsupported-version'
  | 'wrong-writer'
  | 'unsafe-path'
  | 'invalid'
  | 'unreadable'
  | 'missing-object'
  | 'checksum-mismatch'
  | 'not-indexed'
  | 'invalid-faces';

export class SyncRefusedError extends Error {
  constructor(
    readonly key: string,
    readonly reason: SyncRefusalReason,
    readonly detail: string,
  ) {
    super(`${key} refused (${reason}): ${detail}`);
    this.name = 'SyncRefusedError';
  }
}

/** A well-formed segment, and for a signed one the bytes its signature covers. */
export interface ParsedSegment {
  segment: LogSegment;
  signedContent: Buffer | null;
}

const signedContentPrefix = 'facet-sync segment\n';

/**
 * What a segment's signature covers: its JSON without the signature, as its writer serialized it
 * (JSON.parse keeps the writer's key order, so the reader rebuilds the same bytes), after a
 * prefix that keeps a segment signature from standing for anything else signed by the same key.
 */
export function signedContent(unsigned: object): Buffer {
  return Buffer.from(signedContentPrefix + JSON.stringify(unsigned));
}

/** Parses one segment's bytes read from `key`; throws SyncRefusedError naming the reason. */
export function parseSegment(key: string, bytes: Buffer): ParsedSegment {
  const refuse = (reason: SyncRefusalReason, detail: string) => new SyncRefusedError(key, reason, detail);
  const named = parseSegmentKey(key);
  if (named === null) throw refuse('unsafe-key', 'not a log segment name');
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    // Someone's synced drive may still be delivering it: tried again on the next sync.
    throw refuse('incomplete', `not (yet) complete JSON: ${errorMessage(error)}`);
  }
  const header = (typeof raw === 'object' && raw !== null ? raw : {}) as { format?: unknown; formatVersion?: unknown };
  if (header.format !== syncFormat) throw refuse('not-a-segment', `not a ${syncFormat} log segment`);
  if (header.formatVersion !== syncFormatVersion && header.formatVersion !== unsignedFormatVersion) {
    const newer = typeof header.formatVersion === 'number' && header.formatVersion > syncFormatVersion;
    throw refuse(
      'unsupported-version',
      newer
        ? `format version ${header.formatVersion} is newer than this Facet reads (${syncFormatVersion}); update Facet`
        : `unknown format version ${JSON.stringify(header.formatVersion)}`,
    );
  }
  const parsed = segmentSchema.safeParse(raw);
  if (!parsed.success) {
    const unsafe = parsed.error.issues.find((issue) => issue.message.startsWith(unsafeFileNameMessage));
    if (unsafe) throw refuse('unsafe-path', `${unsafe.path.join('.')}: ${unsafe.message}`);
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || 'segment'}: ${issue.message}`);
    throw refuse('invalid', issues.join('; '));
  }
  if (parsed.data.contributorId !== named.contributorId || parsed.data.seq !== named.seq) {
    throw refuse('wrong-writer', `written as ${parsed.data.contributorId} #${parsed.data.seq}, stored as another writer's segment`);
  }
  const { signature: _signature, ...unsigned } = raw as { signature?: unknown };
  return { segment: parsed.data, signedContent: parsed.data.signature === undefined ? null : signedContent(unsigned) };
}

/** keys/<contributorId>.json: the public key a contributor signs its segments with. */
export const keyRecordSchema = z
  .object({
    format: z.literal('facet-sync-key'),
    formatVersion: z.literal(1),
    contributorId: z.string().regex(contributorIdPattern),
    /** Ed25519 public key, SPKI DER in base64 (checked to be one by signing.ts). */
    publicKey: base64(100).min(1),
  })
  .strict();

export type KeyRecord = z.output<typeof keyRecordSchema>;
