import { withEngine, type GlobalOptions } from '../context';

/** `facet backup`: copies the catalog into the library's backups now (before an upgrade, say). */
export async function backupCommand(options: GlobalOptions): Promise<void> {
  await withEngine(options, async (engine) => {
    const backup = await engine.backUpCatalog();
    process.stdout.write(`Catalog backed up to ${backup.file} (${backup.bytes} bytes)\n`);
  });
}
