import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { log, logToLibrary } from '../../src/main/log';
import { makeTempDir } from '../library/helpers/temp';

describe('the engine log', () => {
  const temp = makeTempDir('log');
  afterAll(() => temp.cleanup());

  it("tells a person one line without a stack, and keeps the whole entry in the library's log file", () => {
    const said: string[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation((text: string) => void said.push(text));
    const error = vi.spyOn(console, 'error').mockImplementation((text: string) => void said.push(text));
    const stop = logToLibrary(temp.dir);
    try {
      log.info('indexing started');
      log.warn('watching /photos failed', new Error('EMFILE: too many open files'));
      log.error('the face pass failed', 'not an Error');
    } finally {
      stop();
      warn.mockRestore();
      error.mockRestore();
    }
    log.warn('after the library closed');

    expect(said).toEqual(['facet: watching /photos failed: EMFILE: too many open files', 'facet: the face pass failed: not an Error']);
    const entries = fs
      .readFileSync(path.join(temp.dir, 'logs', 'facet.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; level: number; err?: { stack: string } });
    expect(entries.map((e) => e.msg)).toEqual(['indexing started', 'watching /photos failed', 'the face pass failed']);
    expect(entries[1]!.err!.stack).toMatch(/EMFILE[\s\S]*at /);
  });

  it('moves a log past 10 MB aside when a library opens', () => {
    const dir = path.join(temp.dir, 'big');
    fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'logs', 'facet.log'), Buffer.alloc(10 * 1024 * 1024 + 1, 0x20));
    const stop = logToLibrary(dir);
    log.info('fresh');
    stop();
    expect(fs.statSync(path.join(dir, 'logs', 'facet.log.1')).size).toBe(10 * 1024 * 1024 + 1);
    expect(fs.readFileSync(path.join(dir, 'logs', 'facet.log'), 'utf8')).toContain('"msg":"fresh"');
  });
});
