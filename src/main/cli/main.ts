import { Command } from 'commander';
import { indexFolders } from './commands/index-folders';
import { listDuplicates, listErrors, listPhotos, showStatus } from './commands/listings';
import { serve } from './commands/serve';
import { CliError, type GlobalOptions } from './context';

const program = new Command()
  .name('facet')
  .description('Find people in your photos, on your own machine.')
  .option('--library <dir>', 'library folder (catalog, caches); default: the platform app-data folder')
  .showHelpAfterError();

const globals = (): GlobalOptions => program.opts<GlobalOptions>();

program
  .command('index')
  .description('add folders as sources (when new) and index them')
  .argument('<folders...>', 'folders of photos')
  .action((folders: string[]) => indexFolders(folders, globals()));

program
  .command('status')
  .description('library counts and sources')
  .option('--json', 'print JSON')
  .action((options: { json?: boolean }) => showStatus({ ...globals(), ...options }));

program
  .command('photos')
  .description('list photos, newest first')
  .option('--json', 'print JSON')
  .option('--source <id>', 'only this source')
  .action((options: { json?: boolean; source?: string }) => listPhotos({ ...globals(), ...options }));

program
  .command('dupes')
  .description('exact (same content) and near (similar dHash) duplicates')
  .option('--json', 'print JSON')
  .action((options: { json?: boolean }) => listDuplicates({ ...globals(), ...options }));

program
  .command('errors')
  .description('files that could not be indexed, with the reason')
  .option('--json', 'print JSON')
  .action((options: { json?: boolean }) => listErrors({ ...globals(), ...options }));

program
  .command('serve')
  .description('serve the app on 127.0.0.1 for a browser (headless machines)')
  .option('--port <port>', 'port (0 = any free port)', '0')
  .action((options: { port: string }) => serve({ ...globals(), ...options }));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`facet: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
