import { describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/shared/people-api';
import { personName, sortPeople } from '../../src/renderer/src/screens/people/sortPeople';

function person(id: number, name: string | null, faceCount: number): PersonSummary {
  return { id, name, hidden: false, faceCount, photoCount: faceCount, coverFaceId: null, firstSeen: null, lastSeen: null };
}

describe('people order', () => {
  it('puts named people first alphabetically, then unnamed clusters biggest first', () => {
    const people = [person(1, null, 3), person(2, 'zoe', 1), person(3, null, 12), person(4, 'Ärne', 2), person(5, 'bob', 40), person(6, null, 12)];
    expect(sortPeople(people).map((p) => p.id)).toEqual([4, 5, 2, 3, 6, 1]);
  });

  it('leaves its input alone and names unnamed people by id', () => {
    const people = [person(1, null, 1), person(2, 'Ann', 1)];
    sortPeople(people);
    expect(people.map((p) => p.id)).toEqual([1, 2]);
    expect(personName(people[0]!)).toBe('Unnamed person 1');
    expect(personName(people[1]!)).toBe('Ann');
  });
});
