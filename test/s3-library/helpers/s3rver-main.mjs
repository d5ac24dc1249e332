// Child-process entry for s3rver with one extra key pair (so a test can look for a secret that
// appears nowhere else), launched with --openssl-legacy-provider like test/s3/helpers/s3rver-main.mjs.
// Usage: node --openssl-legacy-provider s3rver-main.mjs <directory> <port> <accessKeyId> <secretAccessKey>
import { createRequire } from 'node:module';
import S3rver from 's3rver';

const require = createRequire(import.meta.url);
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account');

const [directory, port, accessKeyId, secretAccessKey] = process.argv.slice(2);
DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
const server = new S3rver({ address: '127.0.0.1', port: Number(port), directory, silent: true });
try {
  const address = await server.run();
  process.send?.({ port: address.port });
} catch (error) {
  process.send?.({ error: String(error) });
  process.exit(1);
}
process.on('disconnect', () => process.exit(0));
