import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultOperations, printFaultTable, runFaultInjection } from '../../bench/faults';
import { datasetsDir } from '../helpers/datasets';

const lfw10 = path.join(datasetsDir, 'lfw10');

// The small version of `npm run bench -- faults` (20 rounds): one kill during each operation.
describe.skipIf(!existsSync(lfw10))('kill -9 during index, recluster, export, sync and catalog backup', { tags: ['datasets'] }, () => {
  it('leaves a catalog that passes integrity_check with the edits intact, a complete run loses and doubles nothing, and the repair brings the edits back', async () => {
    const rows = await runFaultInjection({ rounds: faultOperations.length, seed: 5 });
    printFaultTable(rows);
    expect(rows.map((r) => r.operation)).toEqual([...faultOperations, 'repair']);
    for (const row of rows) expect(row).toMatchObject({ integrity: 'ok', editsIntact: true, lost: 0, doubled: 0 });
    // Kills must land mid-run (up to three tries a round), or the test proves little.
    expect(rows.filter((r) => r.killed).length).toBeGreaterThanOrEqual(faultOperations.length - 1);
  }, 600_000);
});
if (!existsSync(lfw10)) console.warn(`fault injection skipped: no labelled photos in ${lfw10}`);
