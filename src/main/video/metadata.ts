import type { PhotoMetadata } from '../pipeline/types';
import type { VideoProbe } from './probe';

/**
 * exiftool's reading of a video, completed by ffprobe's: ffprobe's duration is the stream's own,
 * and its creation time stands in where exiftool found no date (containers exiftool does not parse).
 */
export function withVideoFacts(read: PhotoMetadata, video: Pick<VideoProbe, 'durationSeconds' | 'createdAt'>): PhotoMetadata {
  const useProbeDate = read.takenAt === null && video.createdAt !== null;
  return {
    ...read,
    durationSeconds: video.durationSeconds ?? read.durationSeconds,
    ...(useProbeDate && { takenAt: video.createdAt, takenAtOffset: '+00:00' }),
  };
}
