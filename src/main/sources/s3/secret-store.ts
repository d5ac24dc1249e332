/**
 * Where source secrets live. The catalog only holds a reference (credentialsRef); the secret is kept
 * here, encrypted, and never written in plain text.
 *
 * - Desktop app: EncryptedFileSecretStore with Electron's safeStorage as the cipher
 *   ({ encrypt: (s) => safeStorage.encryptString(s), decrypt: (b) => safeStorage.decryptString(b) }),
 *   so the key is held by the OS keychain (Keychain, DPAPI, libsecret).
 * - Plain Node (CLI, web mode, tests): createNodeSecretStore. With an explicit 32-byte key it is the
 *   same file store encrypted with AES-256-GCM. Without a key there is nothing to encrypt with, so it
 *   refuses to store anything and reads credentials from FACET_S3_ACCESS_KEY_ID /
 *   FACET_S3_SECRET_ACCESS_KEY (optionally FACET_S3_SESSION_TOKEN) instead.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../../fs/atomic-file';

export interface SecretStore {
  get(ref: string): Promise<string | null>;
  set(ref: string, secret: string): Promise<void>;
  /** True when a secret was stored under ref. */
  delete(ref: string): Promise<boolean>;
}

/** Same shape as Electron's safeStorage.encryptString / decryptString. */
export interface SecretCipher {
  encrypt(plainText: string): Buffer;
  decrypt(encrypted: Buffer): string;
}

interface SecretFile {
  version: 1;
  /** ref -> base64 of the encrypted secret. */
  secrets: Record<string, string>;
}

/** One JSON file of encrypted secrets, replaced atomically and readable by the owner only. */
export class EncryptedFileSecretStore implements SecretStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly filePath: string,
    private readonly cipher: SecretCipher,
  ) {}

  async get(ref: string): Promise<string | null> {
    const encrypted = (await this.read()).secrets[ref];
    if (encrypted === undefined) return null;
    try {
      return this.cipher.decrypt(Buffer.from(encrypted, 'base64'));
    } catch {
      throw new Error(`Cannot decrypt secret "${ref}" in ${this.filePath}: wrong key or damaged file`);
    }
  }

  set(ref: string, secret: string): Promise<void> {
    return this.mutate((file) => {
      file.secrets[ref] = this.cipher.encrypt(secret).toString('base64');
    });
  }

  delete(ref: string): Promise<boolean> {
    return this.mutate((file) => {
      if (!(ref in file.secrets)) return false;
      delete file.secrets[ref];
      return true;
    });
  }

  /** Mutations run one at a time so two concurrent set() calls cannot lose one another. */
  private mutate<T>(change: (file: SecretFile) => T): Promise<T> {
    const next = this.queue.then(async () => {
      const file = await this.read();
      const result = change(file);
      await this.write(file);
      return result;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<SecretFile> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: {} };
      throw error;
    }
    const parsed = JSON.parse(text) as Partial<SecretFile>;
    if (parsed.version !== 1 || typeof parsed.secrets !== 'object' || parsed.secrets === null) {
      throw new Error(`${this.filePath} is not a Facet secret store (unknown format)`);
    }
    return { version: 1, secrets: { ...parsed.secrets } };
  }

  private async write(file: SecretFile): Promise<void> {
    await mkdir(dirname(this.filePath), { recursive: true });
    await writeFileAtomic(this.filePath, JSON.stringify(file, null, 2), { mode: 0o600 });
  }
}

const ivBytes = 12;
const tagBytes = 16;

/** AES-256-GCM with a random IV per secret: iv | tag | ciphertext. */
export function aesGcmCipher(key: Buffer): SecretCipher {
  if (key.length !== 32) throw new Error(`secret store key must be 32 bytes, got ${key.length}`);
  return {
    encrypt(plainText) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, ivBytes));
      decipher.setAuthTag(encrypted.subarray(ivBytes, ivBytes + tagBytes));
      const body = encrypted.subarray(ivBytes + tagBytes);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    },
  };
}

export const credentialEnvVars = {
  accessKeyId: 'FACET_S3_ACCESS_KEY_ID',
  secretAccessKey: 'FACET_S3_SECRET_ACCESS_KEY',
  sessionToken: 'FACET_S3_SESSION_TOKEN',
} as const;

/**
 * Read-only store for plain Node without a key: every reference resolves to the S3 credentials in the
 * environment (as the JSON that s3-credentials.ts reads), and storing is refused.
 */
export class EnvCredentialsSecretStore implements SecretStore {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(): Promise<string | null> {
    const accessKeyId = this.env[credentialEnvVars.accessKeyId];
    const secretAccessKey = this.env[credentialEnvVars.secretAccessKey];
    if (!accessKeyId || !secretAccessKey) return null;
    const sessionToken = this.env[credentialEnvVars.sessionToken] || undefined;
    return JSON.stringify({ accessKeyId, secretAccessKey, sessionToken });
  }

  async set(ref: string): Promise<void> {
    throw new Error(
      `Refusing to store secret "${ref}" in plain text: no encryption key was given. ` +
        `Provide a secret store key, or set ${credentialEnvVars.accessKeyId} and ${credentialEnvVars.secretAccessKey}.`,
    );
  }

  async delete(): Promise<boolean> {
    return false;
  }
}

export function createNodeSecretStore(options: { filePath: string; key?: Buffer; env?: NodeJS.ProcessEnv }): SecretStore {
  return options.key ? new EncryptedFileSecretStore(options.filePath, aesGcmCipher(options.key)) : new EnvCredentialsSecretStore(options.env);
}
