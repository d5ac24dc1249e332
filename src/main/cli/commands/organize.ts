/** `facet favourite`, `facet rate`, `facet hide`: the marks the grids' selection bar sets. */
import type { RatingChange } from '../../../shared/organize-api';
import { callApi, CliError, printJson, withEngine, type GlobalOptions } from '../context';

/** Photo ids as the user typed them; a word that is no id is named. */
export function photoIdsOf(words: readonly string[]): number[] {
  return words.map((word) => {
    const photoId = Number(word);
    if (!/^\d+$/.test(word) || !Number.isSafeInteger(photoId) || photoId <= 0) throw new CliError(`not a photo id: ${word}`);
    return photoId;
  });
}

export async function favouriteCommand(words: string[], options: GlobalOptions & { off?: boolean; json?: boolean }): Promise<void> {
  const photoIds = photoIdsOf(words);
  await withEngine(options, async (engine) => {
    const result = await callApi(engine, 'setFavourite', { photoIds, favourite: !options.off });
    if (options.json) return printJson(result);
    process.stdout.write(`${result.changed} of ${photoIds.length} photos ${options.off ? 'no longer favourites' : 'made favourites'}.\n`);
  });
}

export async function hideCommand(words: string[], options: GlobalOptions & { off?: boolean; json?: boolean }): Promise<void> {
  const photoIds = photoIdsOf(words);
  await withEngine(options, async (engine) => {
    const result = await callApi(engine, 'setHidden', { photoIds, hidden: !options.off });
    if (options.json) return printJson(result);
    process.stdout.write(`${result.changed} of ${photoIds.length} photos ${options.off ? 'back in the library' : 'hidden from the library'}.\n`);
  });
}

export async function rateCommand(word: string, stars: string, options: GlobalOptions & { json?: boolean }): Promise<void> {
  const photoIds = photoIdsOf([word]);
  if (!/^[0-5]$/.test(stars)) throw new CliError(`a rating is 0 to 5 stars, not ${stars}`);
  await withEngine(options, async (engine) => {
    const result: RatingChange = await callApi(engine, 'setRating', { photoIds, rating: Number(stars) });
    if (options.json) return printJson(result);
    process.stdout.write(`Photo ${word}: ${stars === '0' ? 'no stars' : `${stars} stars`}.${result.sidecarsWritten > 0 ? ' XMP sidecar written.' : ''}\n`);
    for (const failure of result.sidecarFailures) process.stderr.write(`facet: no XMP sidecar for ${failure.fileName}: ${failure.reason}\n`);
  });
}
