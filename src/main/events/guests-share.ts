/**
 * Who a share package is for and whom it names: the photos of one guest or person ("everyone gets
 * the photos they are in"), and the people and guests the host chose to list. A package names
 * nobody unless asked to, and lists each named one only with photos the package holds.
 */
import path from 'node:path';
import { ApiError, type ShareExportResult } from '../../shared/api';
import type { ShareEveryoneResult } from '../../shared/guests-api';
import type { Catalog } from '../catalog/catalog';
import type { GuestRow, GuestsRepository } from '../catalog/guests-repo';
import type { PeopleRepository } from '../catalog/people-repo';
import type { ManifestMember } from '../share/manifest';
import { absoluteUserPath } from '../user-path';
import { errorMessage } from '../../shared/error-message';

export type PackageSubset = { guestId: number } | { personId: number };

export interface PackageNames {
  includePeople?: readonly number[];
  includeGuests?: readonly number[];
}

export class EventAudience {
  private readonly guests: GuestsRepository;
  private readonly people: PeopleRepository;

  constructor(catalog: Catalog) {
    this.guests = catalog.guests;
    this.people = catalog.people;
  }

  /** Contents of the event photos the guest or person is in. */
  subsetShas(eventId: number, subset: PackageSubset): Set<string> {
    return 'guestId' in subset ? this.guestShas(eventId, subset.guestId) : this.personShas(eventId, subset.personId);
  }

  /**
   * The manifest's people and guests for a package holding `rows`: only the chosen, only with their
   * photos in it, and each person once. A guest linked to a chosen person is that person: one entry,
   * named as the host named the person, with the photos of both (a guest of the package would
   * otherwise find him twice in its list, each time with part of his photos). The exporter joins
   * entries of the same name (oneEntryPerName).
   */
  members(eventId: number, rows: readonly { sha256: string }[], names: PackageNames): { people: ManifestMember[]; guests: ManifestMember[] } {
    const inPackage = [...new Set(rows.map((row) => row.sha256))];
    const theirs = (shas: ReadonlySet<string>) => inPackage.filter((sha) => shas.has(sha));
    // By surviving person: one chosen twice (merged into another since) is one entry too.
    const people = new Map<number, { id: string; name: string; shas: Set<string> }>();
    for (const personId of names.includePeople ?? []) {
      const survivor = this.people.survivorOf(personId);
      const entry = people.get(survivor) ?? { id: `person-${personId}`, name: this.personName(personId), shas: new Set<string>() };
      for (const sha of this.personShas(eventId, personId)) entry.shas.add(sha);
      people.set(survivor, entry);
    }
    const guests: ManifestMember[] = [];
    for (const guestId of names.includeGuests ?? []) {
      const guest = this.guestOf(eventId, guestId);
      const shas = this.guestShas(eventId, guestId);
      const person = guest.personId === null ? undefined : people.get(this.people.survivorOf(guest.personId));
      if (person) for (const sha of shas) person.shas.add(sha);
      else guests.push({ id: `guest-${guestId}`, name: guest.name, photos: theirs(shas) });
    }
    const listed = [...people.values()].map(({ id, name, shas }) => ({ id, name, photos: theirs(shas) }));
    // Someone in none of the package's photos is left out: naming them would only say they came.
    return { people: listed.filter((m) => m.photos.length > 0), guests: guests.filter((m) => m.photos.length > 0) };
  }

  /** Who gets a package when exporting for everyone: each guest with photos in the event; the others, and why not. */
  everyone(eventId: number): { packages: { guest: GuestRow; slug: string }[]; without: { guest: GuestRow; reason: string }[] } {
    const named = this.packageNames(eventId);
    return {
      packages: named.filter(({ photos }) => photos > 0),
      without: named.filter(({ photos }) => photos === 0).map(({ guest }) => ({ guest, reason: 'no photos of this guest in the event' })),
    };
  }

  /** Distinct photos of `rows` in each package of exporting for everyone, for the size estimate. */
  everyonePhotoCounts(eventId: number, rows: readonly { sha256: string }[]): number[] {
    return this.everyone(eventId).packages.map(({ guest }) => {
      const theirs = this.guestShas(eventId, guest.id);
      return new Set(rows.map((row) => row.sha256).filter((sha) => theirs.has(sha))).size;
    });
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
  const root = absoluteUserPath(destination, 'the export destination');
  const { packages, without } = audience.everyone(eventId);
  const result: ShareEveryoneResult = { destination: root, packages: [], bytes: 0, skipped: [] };
  const skip = (guest: GuestRow, reason: string) => result.skipped.push({ guestId: guest.id, name: guest.name, reason });
  for (const { guest, reason } of without) skip(guest, reason);
  for (const { guest, slug } of packages) {
    try {
      const written = await exportOne(guest.id, path.join(root, format === 'zip' ? `${slug}.zip` : slug));
      result.packages.push({ ...written, guestId: guest.id, name: guest.name });
      result.bytes += written.bytes;
    } catch (error) {
      skip(guest, errorMessage(error));
    }
  }
  return result;
}
