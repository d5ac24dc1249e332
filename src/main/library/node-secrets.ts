/**
 * The secret store of a library under plain Node (CLI, web mode, tests). The desktop app passes
 * its own, encrypted with Electron's safeStorage (see src/main/index.ts).
 *
 * - FACET_SECRET_KEY set (32 bytes as 64 hex digits or base64): credentials are stored in
 *   <library>/secrets.json, encrypted with AES-256-GCM under that key.
 * - Not set: nothing can be stored; every source reads FACET_S3_ACCESS_KEY_ID /
 *   FACET_S3_SECRET_ACCESS_KEY (and FACET_S3_SESSION_TOKEN) from the environment instead.
 */
import path from 'node:path';
import { createNodeSecretStore, type SecretStore } from '../sources/s3';

export const secretKeyEnvVar = 'FACET_SECRET_KEY';

export function secretsFileOf(libraryDir: string): string {
  return path.join(libraryDir, 'secrets.json');
}

/** The key's text is never part of the error: it names the variable and the expected form only. */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new Error(`${secretKeyEnvVar} must be 32 bytes, written as 64 hex digits or in base64`);
  }
  return key;
}

export function nodeSecretStore(libraryDir: string, env: NodeJS.ProcessEnv = process.env): SecretStore {
  const keyText = env[secretKeyEnvVar];
  return createNodeSecretStore({
    filePath: secretsFileOf(libraryDir),
    key: keyText ? parseSecretKey(keyText) : undefined,
    env,
  });
}
