/** s3rver in its own temp folder with a `photos` bucket of generated JPEGs, as most S3 tests start. */
import type { S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminClient, createBucket, seedPhotos, sha256 } from './fixtures';
import { startS3rver, type S3rverKeys, type S3rverProcess } from './s3rver-process';

export interface SeededBucket {
  /** The test's temp folder; s3rver keeps its files in the `s3rver` folder inside it. */
  work: string;
  server: S3rverProcess;
  admin: S3Client;
  /** Key -> bytes of the seeded photos (keys below `library/`). */
  photos: Map<string, Buffer>;
  /** After server.stop(): the server again, on the same port and files (it becomes `server`). */
  restart(): Promise<void>;
  /** Closes the admin client, kills the server and removes `work`. */
  close(): Promise<void>;
}

/** Seeds `photoCount` photos (see seedPhotos); `extraKeys` is accepted besides s3rverCredentials. */
export async function startSeededBucket(tempPrefix: string, photoCount: number, extraKeys?: S3rverKeys): Promise<SeededBucket> {
  const work = await mkdtemp(path.join(tmpdir(), tempPrefix));
  let server: S3rverProcess | undefined;
  let admin: S3Client | undefined;
  const close = async () => {
    admin?.destroy();
    await server?.stop();
    await rm(work, { recursive: true, force: true });
  };
  try {
    server = await startS3rver(path.join(work, 's3rver'), 0, extraKeys);
    admin = adminClient(server.endpoint);
    await createBucket(admin, 'photos');
    const photos = await seedPhotos(admin, 'photos', photoCount);
    const bucket: SeededBucket = {
      work,
      server,
      admin,
      photos,
      async restart() {
        server = bucket.server = await startS3rver(bucket.server.directory, bucket.server.port, extraKeys);
      },
      close,
    };
    return bucket;
  } catch (error) {
    await close();
    throw error;
  }
}

/** The seeded photos' sha256 by key relative to `prefix`, as the catalog records them. */
export function sha256ByRelPath(photos: Map<string, Buffer>, prefix = 'library/'): Map<string, string> {
  return new Map([...photos].map(([key, body]) => [key.slice(prefix.length), sha256(body)]));
}
