// Child-process entry for s3rver. Launched with --openssl-legacy-provider (s3rver's ListObjectsV2
// continuation token uses DES), which keeps that flag out of the test runner itself.
import S3rver from 's3rver';

const [directory, port] = process.argv.slice(2);
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
