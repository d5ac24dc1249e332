import type { ManifestMember } from './manifest';

/**
 * A package's people and guests with each name once. The viewer shows them as one list, so a
 * guest named as a listed person ('Leonard' and 'Leonard', or 'leonard ') would be there twice,
 * each time with part of the photos: the later entry joins the first (a person before any guest),
 * which keeps its id and the name the host gave it.
 */
export function oneEntryPerName(people: readonly ManifestMember[], guests: readonly ManifestMember[]): { people: ManifestMember[]; guests: ManifestMember[] } {
  const byName = new Map<string, ManifestMember>();
  const join = (list: readonly ManifestMember[]) =>
    list.flatMap((member) => {
      const same = byName.get(nameKey(member.name));
      if (same) {
        same.photos = [...new Set([...same.photos, ...member.photos])];
        return [];
      }
      const entry = { ...member, photos: [...member.photos] };
      byName.set(nameKey(member.name), entry);
      return [entry];
    });
  // People first: a guest of a person's name joins the person.
  return { people: join(people), guests: join(guests) };
}

/** What makes two names one for a reader: Unicode form, case and spacing do not. */
function nameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}
