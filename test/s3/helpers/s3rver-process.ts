/** Runs s3rver in its own Node process so the legacy OpenSSL provider stays local to it. */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./s3rver-main.mjs', import.meta.url));

export const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3rverKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface S3rverProcess {
  port: number;
  endpoint: string;
  directory: string;
  /** Kills the server abruptly, like a crash or a pulled cable; its files stay in `directory`. */
  stop(): Promise<void>;
}

/**
 * Starts s3rver storing into `directory`; port 0 picks a free port, a fixed port restarts on it.
 * `extraKeys` is accepted besides s3rverCredentials.
 */
export async function startS3rver(directory: string, port = 0, extraKeys?: S3rverKeys): Promise<S3rverProcess> {
  const keyArgs = extraKeys ? [extraKeys.accessKeyId, extraKeys.secretAccessKey] : [];
  const child = fork(entry, [directory, String(port), ...keyArgs], {
    execArgv: ['--openssl-legacy-provider'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const bound = await waitForPort(child);
  return {
    port: bound,
    endpoint: `http://127.0.0.1:${bound}`,
    directory,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port?: number; error?: string }) => {
      if (message.port) resolve(message.port);
      else reject(new Error(`s3rver failed to start: ${message.error}`));
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited with code ${code} before listening`)));
  });
}
