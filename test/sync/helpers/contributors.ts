/** Three people's libraries that share an event: each has its own photos plus some in common. */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { openEngine, type FacetEngine } from '../../../src/main/api/engine';
import type { EventSyncResult } from '../../../src/shared/api';
import type { SecretStore } from '../../../src/main/sources/s3';
import { renderScene } from '../../fixtures';

export const photoSize = { width: 160, height: 120 };

export async function scenePhoto(seed: number, quality = 90): Promise<Buffer> {
  return (await renderScene(seed, photoSize)).jpeg({ quality }).toBuffer();
}

export interface Contributor {
  name: string;
  libraryDir: string;
  photosDir: string;
  sourceId: number;
  eventId: number;
  engine: FacetEngine;
  /** Reopens the engine (after closing it for a child process to use the library). */
  reopen(): Promise<void>;
  /** sha256 of the photos in the event. */
  eventShas(): Promise<string[]>;
  close(): Promise<void>;
}

export interface ContributorSpec {
  name: string;
  /** relPath -> bytes. */
  photos: Map<string, Buffer>;
}

export async function openContributor(
  base: string,
  spec: ContributorSpec,
  eventName: string,
  secretStore?: (libraryDir: string) => SecretStore,
): Promise<Contributor> {
  const dir = path.join(base, spec.name);
  const photosDir = path.join(dir, 'photos');
  const libraryDir = path.join(dir, 'library');
  for (const [relPath, bytes] of spec.photos) {
    fs.mkdirSync(path.dirname(path.join(photosDir, relPath)), { recursive: true });
    fs.writeFileSync(path.join(photosDir, relPath), bytes);
  }
  const store = secretStore?.(libraryDir);
  const open = () => openEngine({ libraryDir, threads: 1, facePackDir: null, ...(store ? { secretStore: store } : {}) });
  let engine = await open();
  const sourceId = (await engine.api.addFolderSource({ path: photosDir })).id;
  await engine.indexAll();
  const eventId = (await engine.api.createEvent({ name: eventName, selection: { kind: 'folder', sourceId, folder: '' } })).id;
  const contributor: Contributor = {
    name: spec.name,
    libraryDir,
    photosDir,
    sourceId,
    eventId,
    get engine() {
      return engine;
    },
    async reopen() {
      engine = await open();
    },
    async eventShas() {
      const page = await engine.api.listEventPhotos({ eventId, offset: 0, limit: 2000 });
      return page.items.map((photo) => photo.sha256).sort();
    },
    close: () => engine.close(),
  };
  return contributor;
}

/** Syncs everyone at once, round after round, until a round changes nothing. */
export async function syncUntilQuiet(contributors: readonly Contributor[], maxRounds = 6): Promise<EventSyncResult[][]> {
  const rounds: EventSyncResult[][] = [];
  for (let round = 0; round < maxRounds; round++) {
    const results = await Promise.all(contributors.map((c) => c.engine.api.syncEvent({ eventId: c.eventId })));
    rounds.push(results);
    if (results.every((r) => r.pushed === 0 && r.pulled === 0 && r.removed === 0)) return rounds;
  }
  throw new Error(`still changing after ${maxRounds} rounds: ${JSON.stringify(rounds.at(-1))}`);
}

/**
 * A: 4 own + 3 common + a near-duplicate original (quality 95); B: 4 own + 3 common;
 * C: 4 own + 3 common + the same scene re-encoded smaller (quality 45).
 */
export async function threeLibraries(): Promise<{ specs: ContributorSpec[]; nearOriginal: Buffer; nearCopy: Buffer; common: Buffer[] }> {
  const common = await Promise.all([901, 902, 903].map((seed) => scenePhoto(seed)));
  const nearOriginal = await scenePhoto(950, 95);
  const nearCopy = await sharp(nearOriginal).jpeg({ quality: 45 }).toBuffer();
  const specs: ContributorSpec[] = [];
  for (const [index, name] of ['alice', 'bob', 'carol'].entries()) {
    const photos = new Map<string, Buffer>();
    for (let i = 0; i < 4; i++) photos.set(`own/${name}-${i}.jpg`, await scenePhoto(100 * (index + 1) + i));
    common.forEach((bytes, i) => photos.set(`common/shared-${i}.jpg`, bytes));
    if (name === 'alice') photos.set('near/sunset.jpg', nearOriginal);
    if (name === 'carol') photos.set('near/sunset-small.jpg', nearCopy);
    specs.push({ name, photos });
  }
  return { specs, nearOriginal, nearCopy, common };
}
