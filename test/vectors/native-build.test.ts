import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const cpuFlags = process.platform === 'linux' ? (readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1] ?? '').split(/\s+/) : [];
const hasAvx2 = process.arch === 'x64' && cpuFlags.includes('avx2');
if (!hasAvx2) console.warn('SKIPPED: the hnswlib-node build check needs Linux on an x86-64 CPU with AVX2');

describe.skipIf(!hasAvx2)('hnswlib-node addon (scripts/native-build.js, run by npm install)', () => {
  it('was compiled for this CPU: its distance code uses 256-bit AVX registers', () => {
    const addon = path.join(path.dirname(createRequire(import.meta.url).resolve('hnswlib-node/package.json')), 'build/Release/addon.node');
    const disassembly = execFileSync('objdump', ['-d', '--no-show-raw-insn', addon], { encoding: 'utf8', maxBuffer: 256 << 20 });
    expect(disassembly.match(/%ymm\d+/g)?.length ?? 0).toBeGreaterThan(20);
  });
});
