import sharp from 'sharp';

// The floor: decode (auto-oriented) and nothing else, the least any indexer has to do per photo.
export default async function decode(file: string): Promise<number> {
  const { info } = await sharp(file).rotate().raw().toBuffer({ resolveWithObject: true });
  return info.width * info.height;
}
