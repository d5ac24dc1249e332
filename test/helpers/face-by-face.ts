/**
 * What a share package's viewer can find: it carries faces, not the host's people, so it matches
 * face by face. These are the desktop search's photos whose own face reaches the pack's match bar
 * (likely or set aside as less likely), best first, as the viewer ranks them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { matchConfidence, similarityAt } from '../../src/main/search/calibration';
import { MODEL_MANIFEST_FILE, parseModelManifest } from '../../src/shared/model-manifest';
import type { SelfieMatch, SelfieSearchResult } from '../../src/shared/people-api';

export function faceByFace(result: SelfieSearchResult, packDir: string): SelfieMatch[] {
  const file = path.join(packDir, MODEL_MANIFEST_FILE);
  const bar = similarityAt(parseModelManifest(JSON.parse(readFileSync(file, 'utf8')), file).recognizer.tuning.similarity, matchConfidence);
  return [...result.matches, ...result.lessLikely].filter((m) => m.similarity >= bar).sort((a, b) => b.similarity - a.similarity);
}
