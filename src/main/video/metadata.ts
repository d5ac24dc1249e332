import type { PhotoMetadata } from '../domain/indexed-file';
import type { VideoProbe } from './probe';

/** The EXIF orientation that turns a picture as a video's rotation does (0, 90, 180, 270 degrees). */
const orientationOfRotation: Record<number, number> = { 0: 1, 90: 6, 180: 3, 270: 8 };

/**
 * exiftool's reading of a video, completed by ffprobe's: ffprobe's duration is the stream's own,
 * its creation time stands in where exiftool found no date (containers exiftool does not parse),
 * and its rotation is kept as the EXIF orientation that turns the picture the same way.
 */
export function withVideoFacts(read: PhotoMetadata, video: Pick<VideoProbe, 'durationSeconds' | 'rotation' | 'createdAt'>): PhotoMetadata {
  const useProbeDate = read.takenAt === null && video.createdAt !== null;
  return {
    ...read,
    durationSeconds: video.durationSeconds ?? read.durationSeconds,
    orientation: read.orientation ?? orientationOfRotation[video.rotation] ?? null,
    ...(useProbeDate && { takenAt: video.createdAt, takenAtOffset: '+00:00' }),
  };
}
