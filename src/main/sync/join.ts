/**
 * Joining a shared location: this library's public key goes to keys/<contributorId>.json, once,
 * and is pinned for the link like everyone else's, so what it writes there is known to be its own.
 */
import type { KeyObject } from 'node:crypto';
import { ApiError } from '../../shared/api';
import { secretKeyEnvVar } from '../library/node-secrets';
import type { SharedLocation } from './location';
import { keyRecordKey, keyRecordSchema } from './log-format';
import { keyFingerprint, keyRecordBytes, publicKeyOf, publicKeyText } from './signing';
import { maxKeyRecordBytes, type LinkTrust } from './trust';

/** Publishes the key (a no-op once it is there); throws ApiError('conflict') when another key stands in this library's name. */
export async function joinLocation(location: SharedLocation, me: string, signingKey: KeyObject, trust: LinkTrust): Promise<void> {
  const mine = publicKeyText(signingKey);
  const pinned = trust.pinnedKey(me);
  if (pinned !== null && pinned !== mine) {
    throw new ApiError(
      'conflict',
      `this library joined ${location.label} with signing key ${keyFingerprint(pinned)} but now has key ${keyFingerprint(mine)} ` +
        `(a new secret store, or another ${secretKeyEnvVar}?): the others would refuse what it writes. Restore its key, or link the event to a new shared location`,
    );
  }
  trust.pin(me, mine, publicKeyOf(mine)!);
  const key = keyRecordKey(me);
  if ((await location.writeNew(key, keyRecordBytes(me, signingKey))) === 'written') return;
  const existing = keyRecordSchema.safeParse(jsonOrNull(await location.read(key, maxKeyRecordBytes)));
  if (existing.success && existing.data.publicKey === mine) return;
  throw new ApiError(
    'conflict',
    `${location.label} already holds a key in this library's name (${key}${existing.success ? `, key ${keyFingerprint(existing.data.publicKey)}` : ''}) ` +
      `that is not its signing key ${keyFingerprint(mine)}: someone else wrote it, or this library lost its key. Nothing was shared; ` +
      `remove that file if it is not yours, or link the event to a new shared location`,
  );
}

function jsonOrNull(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
}
