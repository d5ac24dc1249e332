/** s3rver in a child process, accepting the test's own keys as well as S3RVER/S3RVER. */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./s3rver-main.mjs', import.meta.url));

/** Distinctive values, so a test can look for them in every byte Facet wrote. */
export const testKeys = {
  accessKeyId: 'AKIAFACETTESTKEY0001',
  secretAccessKey: 'facet-test-secret/3vQ9xR7LmP2sK8wZ',
};

export interface S3rverProcess {
  port: number;
  endpoint: string;
  directory: string;
  /** Kills the server abruptly, like a crash or a pulled cable; its files stay in `directory`. */
  stop(): Promise<void>;
}

/** Starts s3rver storing into `directory`; port 0 picks a free port, a fixed port restarts on it. */
export async function startS3rver(directory: string, port = 0): Promise<S3rverProcess> {
  const child = fork(entry, [directory, String(port), testKeys.accessKeyId, testKeys.secretAccessKey], {
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
