/**
 * Issue 13 item 5: one rule for every name, at the API boundary and wherever a name written by
 * someone else is read back (sync log segments, share manifests).
 */
import { describe, expect, it } from 'vitest';
import { ApiError, parseApiCall } from '../../src/shared/api';
import { nameSchema } from '../../src/shared/names';
import { manifestSchema } from '../../src/main/share/manifest';
import { parseSegment, segmentKey } from '../../src/main/sync/log-format';

const unsafeNames: [string, RegExp][] = [
  ['Tab\there', /control characters.*U\+0009/],
  ['New\nline', /control characters.*U\+000A/],
  ['Nul\u0000byte', /control characters.*U\+0000/],
  ['Esc\u001b[31mred', /control characters.*U\+001B/],
  ['C1\u0085next line', /control characters.*U\+0085/],
  ['Line\u2028separator', /control characters.*U\+2028/],
  ['Trip \u202egpj.exe', /text direction.*U\+202E/],
  ['Isolate \u2066x\u2069', /text direction.*U\+2066/],
  ['   ', /cannot be empty/],
  ['x'.repeat(201), /at most 200 characters/],
];

/** Every API input that carries a name, with the name in place. */
const namedInputs: [string, (name: string) => unknown][] = [
  ['createEvent', (name) => ({ name })],
  ['renameEvent', (name) => ({ eventId: 1, name })],
  ['acceptEventSuggestion', (name) => ({ suggestionId: 1, name })],
  ['renamePerson', (name) => ({ personId: 1, name })],
  ['addEventGuest', (name) => ({ eventId: 1, name, personId: 2 })],
  ['updateEventGuest', (name) => ({ guestId: 1, name })],
  ['addS3Source', (name) => ({ bucket: 'b', accessKeyId: 'k', secretAccessKey: 's', label: name })],
];

function apiError(method: string, input: unknown): ApiError | null {
  try {
    parseApiCall(method, input);
    return null;
  } catch (error) {
    return error as ApiError;
  }
}

describe('names at the API boundary', () => {
  it.each(namedInputs)('%s refuses control characters, direction controls, empty and overlong names with a clear message', (method, input) => {
    for (const [name, message] of unsafeNames) {
      const error = apiError(method, input(name));
      expect(error, `${method} accepted ${JSON.stringify(name)}`).toBeInstanceOf(ApiError);
      expect(error!.code).toBe('invalid_input');
      expect(error!.message).toMatch(message);
      // One line the user can read, not a dump of the schema.
      expect(error!.message).not.toContain('\n');
    }
  });

  it.each(namedInputs)('%s takes an ordinary name, trimmed', (method, input) => {
    const parsed = parseApiCall(method, input('  Zoë’s 30th — Lisboa 🎉  ')).input as { name?: string; label?: string };
    expect(parsed.name ?? parsed.label).toBe('Zoë’s 30th — Lisboa 🎉');
  });

  it('keeps right-to-left names: only the controls are refused, not the scripts', () => {
    expect(nameSchema.parse('عيد ميلاد سارة')).toBe('عيد ميلاد سارة');
    expect(nameSchema.parse('חתונה')).toBe('חתונה');
  });
});

describe('names read from someone else', () => {
  const contributor = '11111111-1111-4111-8111-111111111111';

  it('a sync segment renaming the event with a control character is refused', () => {
    const segment = (name: string) =>
      Buffer.from(
        JSON.stringify({
          format: 'facet-sync',
          formatVersion: 1,
          contributorId: contributor,
          seq: 1,
          createdAt: '2024-05-01T10:00:00Z',
          entries: [{ op: 'event', name }],
        }),
      );
    expect(() => parseSegment(segmentKey(contributor, 1), segment('Hijacked\u202e'))).toThrow(/invalid.*text direction/);
    expect(() => parseSegment(segmentKey(contributor, 1), segment('Two\nlines'))).toThrow(/invalid.*control characters/);
    expect(parseSegment(segmentKey(contributor, 1), segment(' Picnic ')).segment.entries[0]).toEqual({ op: 'event', name: 'Picnic' });
  });

  it('a share manifest naming its event, a person or a guest with one is refused', () => {
    const manifest = (eventName: string, memberName: string) => ({
      format: 'facet-share',
      formatVersion: 1,
      generator: 'test',
      createdAt: '2024-05-01T10:00:00Z',
      event: { name: eventName, startsAt: null, endsAt: null },
      photos: [],
      people: [{ id: 'p1', name: memberName, photos: [] }],
      guests: [],
    });
    expect(manifestSchema.safeParse(manifest('Picnic', 'Ann')).success).toBe(true);
    expect(manifestSchema.safeParse(manifest('Pic\u0000nic', 'Ann')).success).toBe(false);
    expect(manifestSchema.safeParse(manifest('Picnic', 'Ann\u202e')).success).toBe(false);
  });
});
