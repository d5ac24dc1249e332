/**
 * Who a share package is for and whom it names: the photos of one guest or person ("everyone gets
 * the photos they are in"), and the people and guests the host chose to list. A package names
 * nobody unless asked to, and lists each named one only with photos the package holds.
 */
import path from 'node:path';
import { ApiError, type ShareExportResult } from '../../shared/api';
import type { ShareEveryoneResult } from '../../shared/guests-api';
import type { Db } from '../catalog/database';
import { GuestsRepository, type GuestRow } from '../catalog/guests-repo';
import { PeopleRepository } from '../catalog/people-repo';
import type { ShareManifest } from '../share/manifest';

type Member = ShareManifest['people'][number];
export type PackageSubset = { guestId: number } | { personId: number };

export interface PackageNames {
  includePeople?: readonly number[];
  includeGuests?: readonly number[];
}

export class EventAudience {
  private readonly guests: GuestsRepository;
  private readonly people: PeopleRepository;

  constructor(db: Db) {
    this.guests = new GuestsRepository(db);
    this.people = new PeopleRepository(db);
  }

  /** Contents of the event photos the guest or person is in. */
  subsetShas(eventId: number, subset: PackageSubset): Set<string> {
    return 'guestId' in subset ? this.guestShas(eventId, subset.guestId) : this.personShas(eventId, subset.personId);
  }

  /** The manifest's people and guests for a package holding `rows`: only the chosen, only with their photos in it. */
  members(eventId: number, rows: readonly { sha256: string }[], names: PackageNames): { people: Member[]; guests: Member[] } {
    const inPackage = [...new Set(rows.map((row) => row.sha256))];
    const theirs = (shas: Set<string>) => inPackage.filter((sha) => shas.has(sha));
    const people = (names.includePeople ?? []).map((personId) => ({
      id: `person-${personId}`,
      name: this.personName(personId),
      photos: theirs(this.personShas(eventId, personId)),
    }));
    const guests = (names.includeGuests ?? []).map((guestId) => ({
      id: `guest-${guestId}`,
      name: this.guestOf(eventId, guestId).name,
      photos: theirs(this.guestShas(eventId, guestId)),
    }));
    // Someone in none of the package's photos is left out: naming them would only say they came.
    return { people: people.filter((m) => m.photos.length > 0), guests: guests.filter((m) => m.photos.length > 0) };
  }

  /** The event's guests, each with a folder name of its own (lowercase letters, digits and dashes). */
  packageNames(eventId: number): { guest: GuestRow; slug: string; photos: number }[] {
    const used = new Set<string>();
    return this.guests.list(eventId).map((guest) => {
      let slug = slugOf(guest.name) || `guest-${guest.id}`;
      if (used.has(slug)) slug = `${slug}-${guest.id}`;
      used.add(slug);
      return { guest, slug, photos: this.guests.photoCount(guest.id) };
    });
  }

  private guestOf(eventId: number, guestId: number): GuestRow {
    const guest = this.guests.get(guestId);
    if (guest === null) throw new ApiError('not_found', `no guest with id ${guestId}`);
    if (guest.eventId !== eventId) throw new ApiError('invalid_input', `guest ${guestId} is a guest of another event than ${eventId}`);
    return guest;
  }

  private guestShas(eventId: number, guestId: number): Set<string> {
    return new Set(this.guests.photoShas(this.guestOf(eventId, guestId).id));
  }

  private personShas(eventId: number, personId: number): Set<string> {
    if (this.people.get(personId) === null) throw new ApiError('not_found', `no person with id ${personId}`);
    return new Set(this.guests.personPhotosInEvent(eventId, this.people.survivorOf(personId)).map((photo) => photo.sha256));
  }

  private personName(personId: number): string {
    const name = this.people.get(this.people.survivorOf(personId))?.name ?? null;
    if (name === null) throw new ApiError('invalid_input', `person ${personId} has no name; name them before listing them in a package`);
    return name;
  }
}

/** 'Zoë & Ben' -> 'zoe-ben': a folder name that is the same on every file system. */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/**
 * One package per guest with photos, under destination/<slug> (folders) or destination/<slug>.zip.
 * Each package is placed atomically by the exporter; a guest whose package fails is reported and
 * the others go on.
 */
export async function exportForEveryone(
  audience: EventAudience,
  eventId: number,
  destination: string,
  format: 'folder' | 'zip',
  exportOne: (guestId: number, target: string) => Promise<ShareExportResult>,
): Promise<ShareEveryoneResult> {
  const root = path.resolve(destination);
  const result: ShareEveryoneResult = { destination: root, packages: [], skipped: [] };
  for (const { guest, slug, photos } of audience.packageNames(eventId)) {
    const skip = (reason: string) => result.skipped.push({ guestId: guest.id, name: guest.name, reason });
    if (photos === 0) {
      skip('no photos of this guest in the event');
      continue;
    }
    try {
      const written = await exportOne(guest.id, path.join(root, format === 'zip' ? `${slug}.zip` : slug));
      result.packages.push({ ...written, guestId: guest.id, name: guest.name });
    } catch (error) {
      skip(error instanceof Error ? error.message : String(error));
    }
  }
  return result;
}
