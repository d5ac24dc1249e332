import sharp from 'sharp';

/**
 * 64-bit difference hash: 9x8 grayscale, one bit per horizontally adjacent pair (left brighter
 * than right), rows top to bottom, as 16 hex digits. Near-identical pictures differ in few bits.
 */
export async function differenceHash(rgb: Buffer, width: number, height: number): Promise<string> {
  const gray = await sharp(rgb, { raw: { width, height, channels: 3 } })
    .resize(9, 8, { fit: 'fill' })
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  let hex = '';
  for (let row = 0; row < 8; row++) {
    let byte = 0;
    for (let col = 0; col < 8; col++) {
      const left = gray[row * 9 + col] ?? 0;
      const right = gray[row * 9 + col + 1] ?? 0;
      byte = (byte << 1) | (left > right ? 1 : 0);
    }
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

/** Number of differing bits between two 16-hex-digit hashes. */
export function hammingDistance(a: string, b: string): number {
  let diff = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let count = 0;
  while (diff > 0n) {
    count += Number(diff & 1n);
    diff >>= 1n;
  }
  return count;
}
