/** Test-side bucket seeding: a separate admin client (the Facet client cannot write) and generated JPEGs. */
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { s3SourceConfigSchema, type S3SourceConfig, type S3SourceConfigInput } from '../../../src/main/sources/s3/config';
import { s3rverCredentials } from './s3rver-process';

export function adminClient(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: s3rverCredentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function sourceConfig(endpoint: string, overrides: Partial<S3SourceConfigInput> = {}): S3SourceConfig {
  return s3SourceConfigSchema.parse({
    endpoint,
    region: 'us-east-1',
    bucket: 'photos',
    prefix: 'library/',
    forcePathStyle: true,
    credentialsRef: 's3:test',
    ...overrides,
  });
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
export const md5 = (data: Buffer): string => createHash('md5').update(data).digest('hex');

/** A small distinct JPEG per index (colour and size vary). */
export function makeJpeg(index: number): Promise<Buffer> {
  return sharp({
    create: {
      width: 24 + (index % 17),
      height: 16 + (index % 11),
      channels: 3,
      background: { r: (index * 37) % 256, g: (index * 91) % 256, b: (index * 53) % 256 },
    },
  })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** Nested keys: library/<year>/<month>/img-<n>.jpg, a few deeper under trips/. */
export function photoKey(index: number): string {
  const year = 2019 + (index % 5);
  const month = String((index % 12) + 1).padStart(2, '0');
  return index % 10 === 0
    ? `library/${year}/trips/alps/day-${index % 3}/img-${String(index).padStart(4, '0')}.jpg`
    : `library/${year}/${month}/img-${String(index).padStart(4, '0')}.jpg`;
}

export async function createBucket(admin: S3Client, bucket: string): Promise<void> {
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
}

/** Uploads objects a few at a time; returns key -> content for later checks. */
export async function putObjects(admin: S3Client, bucket: string, objects: Map<string, Buffer>): Promise<void> {
  const entries = [...objects];
  for (let i = 0; i < entries.length; i += 8) {
    await Promise.all(entries.slice(i, i + 8).map(([key, body]) => admin.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))));
  }
}

export async function deleteObject(admin: S3Client, bucket: string, key: string): Promise<void> {
  await admin.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

export async function seedPhotos(admin: S3Client, bucket: string, count: number): Promise<Map<string, Buffer>> {
  const objects = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) objects.set(photoKey(i), await makeJpeg(i));
  await putObjects(admin, bucket, objects);
  return objects;
}
