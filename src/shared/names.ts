/**
 * The one rule for a name: what a person types for an event, a person, a guest or a source, and
 * every such name read back from someone else (a sync log, a share package). A name is shown in
 * lists, window titles, terminals and file names, and written into logs and packages others
 * read, so it is one visible line: trimmed, bounded, without control characters (a NUL, tab or
 * newline breaks every one of those) and without bidirectional controls (U+202E makes
 * "gpj.exe" read as "exe.jpg").
 */
import { z } from 'zod';

export const maxNameLength = 200;

/** C0 and C1 controls (tab, newline, NUL, ESC ...), and the line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
/** Embeddings, overrides, isolates and the invisible direction marks. */
const bidiControl = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

function codePointOf(match: RegExpExecArray): string {
  return `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Whether text someone typed or sent holds a control character (names, file names, manifest text). */
export function hasControlCharacter(text: string): boolean {
  return controlCharacter.test(text);
}

/** Why a (trimmed) name cannot be used, in words for the user; null when it can. */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'a name cannot be empty';
  if (name.length > maxNameLength) return `a name is at most ${maxNameLength} characters (this one has ${name.length})`;
  const control = controlCharacter.exec(name);
  if (control !== null) return `a name cannot contain control characters such as tabs or line breaks (${codePointOf(control)})`;
  const bidi = bidiControl.exec(name);
  if (bidi !== null) return `a name cannot contain text direction controls (${codePointOf(bidi)})`;
  return null;
}

/** A name as the API, the sync log and share packages accept it: trimmed first, then checked. */
export const nameSchema = z
  .string()
  .trim()
  .superRefine((name, ctx) => {
    const problem = nameProblem(name);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });
