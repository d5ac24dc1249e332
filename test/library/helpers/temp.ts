import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temp folder, removed (even if read-only inside) when the test file ends. */
export function makeTempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `facet-${prefix}-`));
  return {
    dir,
    cleanup: () => {
      // Unlock anything a test chmod-ed so it can be deleted.
      spawnChmod(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function spawnChmod(dir: string): void {
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    try {
      fs.chmodSync(current, 0o755);
      for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
        if (entry.isDirectory()) stack.push(path.join(current, entry.name));
        else if (entry.isFile()) fs.chmodSync(path.join(current, entry.name), 0o644);
      }
    } catch {
      // best effort
    }
  }
}
