/**
 * This library's private signing key, made on first use. It is kept in the secret store when the
 * store can keep secrets (the desktop app's OS keychain, FACET_SECRET_KEY under plain Node);
 * otherwise in <library>/sync-signing-key.pem, readable by its owner only, as the remembered web
 * session is. Never in the catalog: catalog backups and copies must not carry it.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { EnvCredentialsSecretStore, type SecretStore } from '../sources/s3';

const secretRef = 'sync:signing-key';
export const signingKeyFileName = 'sync-signing-key.pem';

export async function loadSigningKey(store: SecretStore, libraryDir: string): Promise<KeyObject> {
  const file = path.join(libraryDir, signingKeyFileName);
  // A store that cannot keep secrets answers every reference with the environment's S3 keys.
  const canStore = !(store instanceof EnvCredentialsSecretStore);
  const where = canStore ? `the secret store (${secretRef})` : file;
  const read = () => (canStore ? store.get(secretRef) : readIfPresent(file));
  const kept = await read();
  if (kept !== null) return privateKeyOf(kept, where);
  const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  if (canStore) {
    await store.set(secretRef, pem);
  } else {
    await fs.mkdir(libraryDir, { recursive: true });
    // wx: a second process of this library that made its key first wins, and this one takes it.
    await fs.writeFile(file, pem, { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  const made = await read();
  if (made === null) throw new Error(`the sync signing key could not be kept in ${where}`);
  return privateKeyOf(made, where);
}

async function readIfPresent(file: string): Promise<string | null> {
  return fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
}

function privateKeyOf(pem: string, where: string): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType === 'ed25519') return key;
  } catch {
    // Named below.
  }
  throw new Error(`the sync signing key in ${where} is damaged (not an Ed25519 private key)`);
}
