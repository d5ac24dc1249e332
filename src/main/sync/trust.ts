/**
 * Which well-formed segments count, for one link (the threat model is in README.md):
 * - a signed segment under logs/<id>/ counts when <id>'s key signed it: the key in keys/<id>.json,
 *   pinned the first time this library saw it, so a key swapped in later changes nothing;
 * - an unsigned one (an older Facet) counts only if the location held it at the link's first
 *   sync with signatures and it comes before its writer's first signed one (a Facet that signs
 *   never writes unsigned again): older logs keep working, and nobody can add unsigned ones later;
 * - a segment dated more than a day ahead of this computer's clock does not count (yet): the
 *   latest name wins, so a far-future date would otherwise win forever.
 */
import type { KeyObject } from 'node:crypto';
import { keyRecordSchema, SyncRefusedError, type ParsedSegment } from './log-format';
import { keyFingerprint, publicKeyOf, signatureHolds } from './signing';

export const maxClockSkewMs = 24 * 60 * 60 * 1000;
export const maxKeyRecordBytes = 4096;

export interface TrustState {
  /** contributor id -> public key text, as pinned for the link. */
  pinned: ReadonlyMap<string, string>;
  /** The unsigned segments the link accepts, or null before its first sync with signatures. */
  unsigned: ReadonlyMap<string, ReadonlySet<number>> | null;
}

export class LinkTrust {
  private readonly pinned: Map<string, string>;
  private readonly keys = new Map<string, KeyObject>();
  private readonly firstPinned = new Map<string, string>();
  private readonly unsigned: Map<string, Set<number>>;
  /** True on the link's first sync with signatures: the unsigned segments seen now are the ones it keeps. */
  private readonly takingUnsigned: boolean;

  constructor(
    state: TrustState,
    private readonly now: number = Date.now(),
  ) {
    this.pinned = new Map(state.pinned);
    for (const [id, text] of this.pinned) {
      const key = publicKeyOf(text);
      if (key !== null) this.keys.set(id, key);
    }
    this.takingUnsigned = state.unsigned === null;
    this.unsigned = new Map([...(state.unsigned ?? [])].map(([id, seqs]) => [id, new Set(seqs)]));
  }

  /** The key text pinned for a contributor, if any. */
  pinnedKey(contributorId: string): string | null {
    return this.pinned.get(contributorId) ?? null;
  }

  /** Pins a key seen for the first time (this library's own, or one read from keys/). */
  pin(contributorId: string, text: string, key: KeyObject): void {
    if (this.pinned.has(contributorId)) return;
    this.pinned.set(contributorId, text);
    this.firstPinned.set(contributorId, text);
    this.keys.set(contributorId, key);
  }

  /** Takes keys/<id>.json read from `key`; throws SyncRefusedError when it is not used. */
  takeKeyRecord(key: string, contributorId: string, bytes: Buffer): void {
    const refuse = (reason: 'invalid' | 'incomplete' | 'wrong-writer' | 'key-changed', detail: string) => new SyncRefusedError(key, reason, detail);
    let raw: unknown;
    try {
      raw = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw refuse('incomplete', 'not (yet) complete JSON; tried again on the next sync');
    }
    const parsed = keyRecordSchema.safeParse(raw);
    if (!parsed.success)
      throw refuse(
        'invalid',
        parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.') || 'record'}: ${i.message}`)
          .join('; '),
      );
    if (parsed.data.contributorId !== contributorId) throw refuse('wrong-writer', `names ${parsed.data.contributorId}, stored as ${contributorId}'s key`);
    const publicKey = publicKeyOf(parsed.data.publicKey);
    if (publicKey === null) throw refuse('invalid', 'publicKey: not an Ed25519 public key');
    const pinned = this.pinned.get(contributorId);
    if (pinned !== undefined && pinned !== parsed.data.publicKey) {
      throw refuse(
        'key-changed',
        `now holds key ${keyFingerprint(parsed.data.publicKey)}, but ${contributorId} joined with key ${keyFingerprint(pinned)}: ` +
          `its segments are still checked against the key it joined with`,
      );
    }
    this.pin(contributorId, parsed.data.publicKey, publicKey);
  }

  /**
   * Throws SyncRefusedError when the well-formed segment read from `key` must not count.
   * `firstSignedSeq`: the writer's first signed segment in the location, if any.
   */
  judge(key: string, { segment, signedContent }: ParsedSegment, firstSignedSeq: number | null): void {
    const refuse = (reason: 'future-dated' | 'unknown-key' | 'bad-signature' | 'unsigned', detail: string) => new SyncRefusedError(key, reason, detail);
    const writer = segment.contributorId;
    if (Date.parse(segment.createdAt) > this.now + maxClockSkewMs) {
      throw refuse('future-dated', `dated ${segment.createdAt}, more than a day ahead of this computer's clock: not used before then`);
    }
    if (signedContent !== null) {
      const publicKey = this.keys.get(writer);
      if (publicKey === undefined) {
        throw refuse('unknown-key', `${writer} has published no key (keys/${writer}.json), so who wrote it cannot be told; tried again on the next sync`);
      }
      if (!signatureHolds(signedContent, segment.signature!, publicKey)) {
        throw refuse(
          'bad-signature',
          `not signed by the key ${writer} joined with (${keyFingerprint(this.pinned.get(writer)!)}): someone else wrote it in ${writer}'s name`,
        );
      }
      return;
    }
    if (firstSignedSeq !== null && segment.seq > firstSignedSeq) {
      throw refuse(
        'unsigned',
        `unsigned, but after ${writer}'s first signed segment (#${firstSignedSeq}), which its Facet never does: someone else wrote it in ${writer}'s name`,
      );
    }
    const accepted = this.unsigned.get(writer);
    if (this.takingUnsigned) {
      this.unsigned.set(writer, (accepted ?? new Set()).add(segment.seq));
    } else if (!accepted?.has(segment.seq)) {
      throw refuse('unsigned', `unsigned (an older Facet), and written after this library began requiring signatures: its writer must update Facet`);
    }
  }

  /** What the link keeps for its next syncs: keys pinned now, and the unsigned segments taken on the first signed sync. */
  changes(): { pinned: ReadonlyMap<string, string>; unsigned: ReadonlyMap<string, ReadonlySet<number>> | null } {
    return { pinned: this.firstPinned, unsigned: this.takingUnsigned ? this.unsigned : null };
  }
}
