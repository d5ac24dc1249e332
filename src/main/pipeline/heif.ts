import { assertWithinPixelLimit, OverPixelLimit } from './pixel-limit';

interface HeifImageHandle {
  get_width(): number;
  get_height(): number;
  is_primary(): boolean;
  display(target: { data: Uint8ClampedArray; width: number; height: number }, done: (result: unknown) => void): void;
  free(): void;
}

interface HeifDecoder {
  decode(bytes: Uint8Array): HeifImageHandle[];
}

interface LibHeif {
  HeifDecoder: new () => HeifDecoder;
}

export interface HeifPixels {
  rgba: Buffer;
  width: number;
  height: number;
}

let decoder: HeifDecoder | null = null;

/** sharp's prebuilt libvips carries no HEVC decoder, so HEIC goes through libheif compiled to wasm. */
async function heifDecoder(): Promise<HeifDecoder> {
  if (!decoder) {
    const loaded = (await import('libheif-js/wasm-bundle')) as { default: LibHeif };
    decoder = new loaded.default.HeifDecoder();
  }
  return decoder;
}

/** Decodes the primary image, with the container's rotation and mirroring already applied. */
export async function decodeHeifToRgba(bytes: Buffer, maxPixels: number): Promise<HeifPixels> {
  const heif = await heifDecoder();
  return withLibheifComplaints(async () => {
    // One decoder per worker: libheif frees the previous file's context on the next decode.
    const images = heif.decode(bytes);
    try {
      const primary = images.find((image) => image.is_primary()) ?? images[0];
      if (!primary) throw new Error('the HEIF container holds no readable image');
      const width = primary.get_width();
      const height = primary.get_height();
      assertWithinPixelLimit(width, height, maxPixels);
      const data = new Uint8ClampedArray(width * height * 4);
      const decoded = await new Promise<unknown>((resolve) => primary.display({ data, width, height }, resolve));
      if (!decoded) throw new Error('the HEVC image data could not be decoded');
      return { rgba: Buffer.from(data.buffer, data.byteOffset, data.byteLength), width, height };
    } finally {
      for (const image of images) image.free();
    }
  });
}

/**
 * libheif-js reports why it failed only through console.log, then returns nothing. A worker runs
 * one file at a time, so borrowing console.log for the decode turns that noise into the reason.
 */
async function withLibheifComplaints<T>(decode: () => Promise<T>): Promise<T> {
  const complaints: string[] = [];
  const log = console.log;
  console.log = (...parts: unknown[]) => {
    const detail = parts.find((part): part is { message: unknown } => part instanceof Object && 'message' in part);
    complaints.push(detail ? String(detail.message).trim() : parts.map(String).join(' '));
  };
  try {
    return await decode();
  } catch (error) {
    if (complaints.length === 0 || !(error instanceof Error) || error instanceof OverPixelLimit) throw error;
    throw new Error(`${error.message}: ${complaints.join('; ')}`);
  } finally {
    console.log = log;
  }
}
