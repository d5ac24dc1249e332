/**
 * The engine's one logger. A person reads one line per problem on the terminal (the message and
 * the error's message, never a stack); every open library also keeps the entries, stack included,
 * in <library>/logs/facet.log as JSON lines, for a bug report. Levels: info (file only), warn, error.
 */
import { renameSync, statSync } from 'node:fs';
import path from 'node:path';
import pino, { type DestinationStream, type Logger, type StreamEntry } from 'pino';
import { errorMessage } from '../shared/error-message';

/** A log file past this size is moved to facet.log.1 (replacing the older one) when a library opens. */
const rotateAtBytes = 10 * 1024 * 1024;

interface Entry {
  level: number;
  msg: string;
  err?: { message?: string };
}

/** The terminal: through console, so whoever hosts the engine (CLI, Electron, a test) sees it. */
const terminal: DestinationStream = {
  write(line: string) {
    const entry = JSON.parse(line) as Entry;
    const text = `facet: ${entry.msg}${entry.err?.message ? `: ${entry.err.message}` : ''}`;
    if (entry.level >= pino.levels.values.error!) console.error(text);
    else console.warn(text);
  },
};

const files = new Map<string, DestinationStream & { flushSync?: () => void; end?: () => void }>();
let logger: Logger = build();

function build(): Logger {
  const streams: StreamEntry[] = [{ level: 'warn', stream: terminal }];
  for (const file of files.values()) streams.push({ level: 'info', stream: file });
  return pino({ level: 'info', base: undefined }, pino.multistream(streams));
}

function entry(level: 'info' | 'warn' | 'error', message: string, error?: unknown): void {
  if (error === undefined) logger[level](message);
  else logger[level]({ err: error instanceof Error ? error : new Error(errorMessage(error)) }, message);
}

export const log = {
  info: (message: string) => entry('info', message),
  warn: (message: string, error?: unknown) => entry('warn', message, error),
  error: (message: string, error?: unknown) => entry('error', message, error),
};

/** Keeps the log of an open library in its logs/ folder; returns what stops it (the engine's close). */
export function logToLibrary(libraryDir: string): () => void {
  const file = path.join(libraryDir, 'logs', 'facet.log');
  if (files.has(file)) return () => undefined;
  const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  if (size > rotateAtBytes) renameSync(file, `${file}.1`);
  files.set(file, pino.destination({ dest: file, mkdir: true, sync: true }));
  logger = build();
  return () => {
    const destination = files.get(file);
    files.delete(file);
    logger = build();
    destination?.end?.();
  };
}
