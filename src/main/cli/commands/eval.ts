import path from 'node:path';
import { evalVerify } from '../../ml/eval/verify';
import { defaultModelsDir, facePackDir } from '../../pipeline/face-pack';
import { CliError, printJson } from '../context';

export interface EvalVerifyOptions {
  pairs?: string;
  root?: string;
  aligned?: boolean;
  pack?: string;
}

/**
 * `facet eval verify <folder>` (a folder of person folders: every same and different pair) or
 * `facet eval verify --pairs <csv> --root <dir>`: face verification quality as JSON.
 */
export async function evalVerifyCommand(folder: string | undefined, options: EvalVerifyOptions): Promise<void> {
  if (options.pairs !== undefined && folder !== undefined) throw new CliError('give a folder or --pairs, not both');
  const root = options.pairs !== undefined ? (options.root ?? path.dirname(options.pairs)) : folder;
  if (root === undefined) throw new CliError('give a folder of person folders, or --pairs <csv> --root <dir>');
  const report = await evalVerify({
    root: path.resolve(root),
    pairsCsv: options.pairs === undefined ? undefined : path.resolve(options.pairs),
    aligned: options.aligned ?? false,
    packDir: path.resolve(options.pack ?? facePackDir(defaultModelsDir())),
  }).catch((error: unknown) => {
    throw new CliError(error instanceof Error ? error.message : String(error));
  });
  printJson(report);
}
