/**
 * User edits survive re-clustering: after each kind of edit the library is re-clustered, also with
 * thresholds that would otherwise redraw the people, and the edit must still hold.
 */
import { describe, expect, it } from 'vitest';
import type { Assignments, PersonId, UserConstraints } from '../../src/main/people';
import { assignNewFaces, clusterFaces, noConstraints, reclusterWithConstraints } from '../../src/main/people';
import type { SyntheticFace } from './synthetic';
import { noisyCopy, random, syntheticFaces } from './synthetic';

// Four people, eight faces each; p0 and p1 look alike (their centres are close).
const { faces: base, centres } = syntheticFaces({ identities: 4, facesEach: 8, spread: 0.15, seed: 31 });
const rand = random(32);
const lookalike = base.filter((f) => f.identity === 'p0').map((f, i) => ({ ...f, id: 200 + i, identity: 'p1', embedding: noisyCopy(centres[0]!, 0.15, rand) }));
// p1 is replaced by faces near p0's centre, so only a user's edit can keep them apart.
const faces: SyntheticFace[] = [...base.filter((f) => f.identity !== 'p1'), ...lookalike];
const initial = clusterFaces(faces.filter((f) => f.identity !== 'p1'));
const existing: Assignments = new Map([...initial, ...lookalike.map((f) => [f.id, null] as const)]);

const personOf = (identity: string, a: Assignments = existing): PersonId => a.get(faces.find((f) => f.identity === identity)!.id)!;
const idsOf = (identity: string) => faces.filter((f) => f.identity === identity).map((f) => f.id);
const edit = (c: Partial<UserConstraints>): UserConstraints => ({ ...noConstraints, ...c });
/** Settings that would regroup everything: merge all (loose) or split all (strict). */
const regroupings = [{ threshold: 1.5 }, { threshold: 0.01 }, {}];

describe('re-clustering keeps user edits', () => {
  it('setup: the initial people are the identities', () => {
    for (const id of ['p0', 'p2', 'p3']) expect(new Set(idsOf(id).map((f) => existing.get(f))).size).toBe(1);
    expect(new Set([personOf('p0'), personOf('p2'), personOf('p3')]).size).toBe(3);
  });

  it('a named person keeps all its faces', () => {
    const named = personOf('p2');
    for (const options of regroupings) {
      const { assignments } = reclusterWithConstraints(faces, existing, edit({ named: [named] }), options);
      expect(idsOf('p2').map((id) => assignments.get(id))).toEqual(Array(8).fill(named));
    }
  });

  it('a face moved by hand stays on its new person', () => {
    const moved = idsOf('p3')[0]!;
    const target = personOf('p2');
    for (const options of regroupings) {
      const { assignments } = reclusterWithConstraints(faces, existing, edit({ moved: [{ faceId: moved, personId: target }] }), options);
      expect(assignments.get(moved)).toBe(target);
    }
  });

  it('"not this person" keeps a face off that person, even when it looks just like it', () => {
    const person = personOf('p0');
    const rejected = idsOf('p0').slice(0, 2);
    const constraints = edit({ rejected: rejected.map((faceId) => ({ faceId, personId: person })) });
    for (const options of regroupings) {
      const { assignments } = reclusterWithConstraints(faces, existing, constraints, options);
      for (const id of rejected) expect(assignments.get(id)).not.toBe(person);
      // The rest of the person stays as it was.
      expect(
        idsOf('p0')
          .slice(2)
          .map((id) => assignments.get(id)),
      ).toEqual(Array(6).fill(person));
    }
  });

  it('a rejected face does not drag in a look-alike that then joins the person', () => {
    // The look-alikes (p1) sit on p0's centre; rejecting them all keeps p1 a person of its own.
    const person = personOf('p0');
    const constraints = edit({ named: [person], rejected: idsOf('p1').map((faceId) => ({ faceId, personId: person })) });
    const { assignments, newPeople } = reclusterWithConstraints(faces, existing, constraints);
    const p1 = new Set(idsOf('p1').map((id) => assignments.get(id)));
    expect(p1.has(person)).toBe(false);
    expect(p1.size).toBe(1);
    expect(newPeople).toContain([...p1][0]);
  });

  it('merged people stay one person under the surviving id', () => {
    const [from, into] = [personOf('p3'), personOf('p2')];
    for (const options of regroupings) {
      const { assignments } = reclusterWithConstraints(faces, existing, edit({ merged: [{ from, into }] }), options);
      expect([...idsOf('p2'), ...idsOf('p3')].map((id) => assignments.get(id))).toEqual(Array(16).fill(into));
      expect([...assignments.values()]).not.toContain(from);
    }
  });

  it('new faces that look like either half of a merged person join it', () => {
    const [from, into] = [personOf('p3'), personOf('p2')];
    const newcomers = [2, 3].flatMap((p) =>
      [0, 1].map((i) => ({ id: 5000 + p * 10 + i, identity: `p${p}`, embedding: noisyCopy(centres[p]!, 0.15, rand), quality: 0.9 })),
    );
    const { assignments } = reclusterWithConstraints([...faces, ...newcomers], existing, edit({ merged: [{ from, into }] }));
    expect(newcomers.map((f) => assignments.get(f.id))).toEqual(Array(4).fill(into));
  });

  it('a hidden person is kept exactly as it is', () => {
    const hidden = personOf('p3');
    const { assignments } = reclusterWithConstraints(faces, existing, edit({ hidden: [hidden] }), { threshold: 0.01 });
    expect(idsOf('p3').map((id) => assignments.get(id))).toEqual(Array(8).fill(hidden));
  });

  it('every kind of edit at once survives, and re-clustering again changes nothing', () => {
    const constraints = edit({
      named: [personOf('p0')],
      hidden: [personOf('p3')],
      moved: [{ faceId: idsOf('p2')[0]!, personId: personOf('p0') }],
      rejected: [{ faceId: idsOf('p0')[1]!, personId: personOf('p0') }],
      merged: [],
    });
    const first = reclusterWithConstraints(faces, existing, constraints);
    expect(first.assignments.get(idsOf('p2')[0]!)).toBe(personOf('p0'));
    expect(first.assignments.get(idsOf('p0')[1]!)).not.toBe(personOf('p0'));
    expect(idsOf('p3').map((id) => first.assignments.get(id))).toEqual(Array(8).fill(personOf('p3')));
    const second = reclusterWithConstraints(faces, first.assignments, constraints);
    expect(second.assignments).toEqual(first.assignments);
    expect(second.newPeople).toEqual([]);
  });

  it('people nobody touched keep their ids across re-clustering', () => {
    const { assignments, newPeople } = reclusterWithConstraints(faces, existing, noConstraints);
    for (const id of ['p0', 'p2', 'p3']) expect(personOf(id, assignments)).toBe(personOf(id));
    // Only the look-alikes are new (they merge into p0 without an edit: they look the same).
    expect(newPeople.length).toBeLessThanOrEqual(1);
  });

  it('rejects contradictory edits and merge cycles with a clear error', () => {
    const face = idsOf('p0')[0]!;
    const p = personOf('p0');
    expect(() =>
      reclusterWithConstraints(faces, existing, edit({ moved: [{ faceId: face, personId: p }], rejected: [{ faceId: face, personId: p }] })),
    ).toThrow(/face \d+ is both moved to and rejected from person/);
    expect(() =>
      reclusterWithConstraints(
        faces,
        existing,
        edit({
          merged: [
            { from: 1, into: 2 },
            { from: 2, into: 1 },
          ],
        }),
      ),
    ).toThrow(/cycle/);
  });
});

describe('new faces between re-clusterings', () => {
  const known = faces.filter((f) => f.identity !== 'p1');
  const fresh = (identity: string, centre: Float32Array, n: number, firstId: number, quality = 0.9) =>
    Array.from({ length: n }, (_, i) => ({ id: firstId + i, identity, embedding: noisyCopy(centre, 0.15, rand), quality }));

  it('join the nearest existing person, and unknown faces start a new person', () => {
    const stranger = syntheticFaces({ identities: 1, facesEach: 1, spread: 0, seed: 99 }).centres[0]!;
    const newFaces = [...fresh('p2', centres[2]!, 2, 1000), ...fresh('x', stranger, 3, 2000)];
    const { assignments, newPeople } = assignNewFaces(newFaces, known, existing, noConstraints);
    expect(assignments.get(1000)).toBe(personOf('p2'));
    expect(assignments.get(1001)).toBe(personOf('p2'));
    expect(newPeople).toHaveLength(1);
    expect([2000, 2001, 2002].map((id) => assignments.get(id))).toEqual(Array(3).fill(newPeople[0]));
    expect(newPeople[0]).toBeGreaterThan(Math.max(...[...existing.values()].map((p) => p ?? 0)));
  });

  it('go to the surviving person of a merge and never to a person they were rejected from', () => {
    const [from, into] = [personOf('p3'), personOf('p2')];
    const [toMerged] = fresh('p3', centres[3]!, 1, 3000);
    const [rejectedFace] = fresh('p0', centres[0]!, 1, 3001);
    const constraints = edit({ merged: [{ from, into }], rejected: [{ faceId: 3001, personId: personOf('p0') }] });
    const { assignments } = assignNewFaces([toMerged!, rejectedFace!], known, existing, constraints);
    expect(assignments.get(3000)).toBe(into);
    expect(assignments.get(3001)).toBeNull();
  });

  it('low-quality new faces join only a close person', () => {
    const [close] = fresh('p2', centres[2]!, 1, 4000, 0.1);
    const stranger = syntheticFaces({ identities: 1, facesEach: 1, spread: 0, seed: 77 }).centres[0]!;
    const weakStrangers = fresh('y', stranger, 3, 4001, 0.1);
    const { assignments, newPeople } = assignNewFaces([close!, ...weakStrangers], known, existing, noConstraints);
    expect(assignments.get(4000)).toBe(personOf('p2'));
    expect(weakStrangers.map((f) => assignments.get(f.id))).toEqual([null, null, null]);
    expect(newPeople).toEqual([]);
  });
});
