// Child-process entry for s3rver. Launched with --openssl-legacy-provider (s3rver's ListObjectsV2
// continuation token uses DES), which keeps that flag out of the test runner itself.
// Usage: node --openssl-legacy-provider s3rver-main.mjs <directory> <port> [<accessKeyId> <secretAccessKey>]
// The optional key pair is accepted besides S3RVER/S3RVER (so a test can look for a secret that
// appears nowhere else).
import { createRequire } from 'node:module';
import S3rver from 's3rver';

const require = createRequire(import.meta.url);
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account');

const [directory, port, accessKeyId, secretAccessKey] = process.argv.slice(2);
if (accessKeyId && secretAccessKey) DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
const server = new S3rver({ address: '127.0.0.1', port: Number(port), directory, silent: true });
try {
  const address = await server.run();
  process.send?.({ port: address.port });
} catch (error) {
  process.send?.({ error: String(error) });
  process.exit(1);
}
// Die with the test process that started us.
process.on('disconnect', () => process.exit(0));
