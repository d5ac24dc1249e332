import { expect, test } from './fixtures';

/**
 * Two spec files (spec-isolation-a and -b) each check that the shared indexed library holds no event
 * but the ones it made itself, then make one: both pass in either order only if every spec file gets
 * its own copy of the library.
 */
export function declareIsolationCheck(mine: string): void {
  test(`spec file ${mine} sees none of another file's edits`, async ({ indexedLibrary }) => {
    const { server } = indexedLibrary;
    expect((await server.call('listEvents', {})).map((event) => event.name)).toEqual([]);
    await server.call('createEvent', { name: `made by ${mine}` });
  });

  test(`the tests of spec file ${mine} share its copy`, async ({ indexedLibrary }) => {
    expect((await indexedLibrary.server.call('listEvents', {})).map((event) => event.name)).toEqual([`made by ${mine}`]);
  });
}
