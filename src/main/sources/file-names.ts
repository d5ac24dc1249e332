const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The name as a string, or null when its bytes are not valid UTF-8 (possible on Linux and NAS shares). */
export function decodeFileName(name: Buffer): string | null {
  try {
    return strictUtf8.decode(name);
  } catch {
    return null;
  }
}

/**
 * A readable rendering of a name that is not valid UTF-8: valid sequences as text, every other
 * byte as \xNN. Only for messages; the file cannot be opened through this string.
 */
export function escapeFileName(name: Buffer): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    const length = sequenceLength(name[i]!);
    const text = length === 0 ? null : decodeFileName(name.subarray(i, i + length));
    if (text !== null && i + length <= name.length) {
      out += text;
      i += length;
    } else {
      out += `\\x${name[i]!.toString(16).padStart(2, '0')}`;
      i += 1;
    }
  }
  return out;
}

function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}
