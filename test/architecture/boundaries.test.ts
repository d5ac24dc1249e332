import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.tsx?$/.test(name) && !name.endsWith('.d.ts'))
    .map((name) => path.join(dir, name).split(path.sep).join('/'));
}

/** Every module a file imports (static and dynamic), as written: relative paths resolved from the repo root. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(path.join(root, file), 'utf8'), true, true);
  return importedFiles.map(({ fileName }) =>
    fileName.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName)) : fileName,
  );
}

function violations(files: string[], forbidden: (imported: string) => boolean): string[] {
  return files.flatMap((file) => importsOf(file).filter(forbidden).map((imported) => `${file} imports ${imported}`));
}

describe('architecture boundaries', () => {
  it('only the Electron glue imports electron: the engine runs under plain Node', () => {
    const glue = (file: string) => file === 'src/main/index.ts' || file.startsWith('src/main/electron/') || file.startsWith('src/preload/');
    const engine = sourceFiles('src/main').filter((file) => !glue(file));
    expect(engine.length).toBeGreaterThan(100);
    expect(violations(engine, (imported) => imported === 'electron' || imported.startsWith('electron/'))).toEqual([]);
  });

  it('the renderer knows only the contract: nothing from the engine, Node or Electron', () => {
    const renderer = sourceFiles('src/renderer');
    expect(
      violations(renderer, (imported) => imported.startsWith('src/main') || imported.startsWith('src/preload') || imported.startsWith('node:') || imported === 'electron'),
    ).toEqual([]);
  });

  it('the contract depends on no side of it', () => {
    expect(violations(sourceFiles('src/shared'), (imported) => imported.startsWith('src/main') || imported.startsWith('src/renderer'))).toEqual([]);
  });
});
