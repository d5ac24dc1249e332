/**
 * Ed25519 signatures on log segments: a segment under logs/<id>/ counts only when it is signed
 * by the key <id> published when it joined (keys/<id>.json), so whoever can write the shared
 * location cannot write in someone else's name.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { keyRecordSchema, signedContent, syncFormat, syncFormatVersion, type KeyRecord, type LogSegment } from './log-format';

/** The public key as a key record holds it: SPKI DER, base64. */
export function publicKeyText(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
}

/** The Ed25519 public key a record's text holds, or null when it holds none. */
export function publicKeyOf(text: string): KeyObject | null {
  try {
    const key = createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/** A short, stable name of a key for messages: the first 16 hex digits of its SHA-256. */
export function keyFingerprint(text: string): string {
  return createHash('sha256').update(Buffer.from(text, 'base64')).digest('hex').slice(0, 16);
}

export function keyRecordBytes(contributorId: string, key: KeyObject): Buffer {
  const record: KeyRecord = { format: 'facet-sync-key', formatVersion: 1, contributorId, publicKey: publicKeyText(key) };
  return Buffer.from(JSON.stringify(keyRecordSchema.parse(record)));
}

/** The bytes of a signed segment holding these fields. */
export function signedSegmentBytes(fields: Omit<LogSegment, 'format' | 'formatVersion' | 'signature'>, privateKey: KeyObject): Buffer {
  const unsigned = { format: syncFormat, formatVersion: syncFormatVersion, ...fields };
  const signature = sign(null, signedContent(unsigned), privateKey).toString('base64');
  return Buffer.from(JSON.stringify({ ...unsigned, signature }));
}

export function signatureHolds(content: Buffer, signature: string, publicKey: KeyObject): boolean {
  return verify(null, content, publicKey, Buffer.from(signature, 'base64'));
}
