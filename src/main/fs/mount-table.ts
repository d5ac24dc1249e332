import fs from 'node:fs/promises';
import path from 'node:path';

export interface Mount {
  mountPoint: string;
  type: string;
}

/**
 * File system types that show kernel or device state as files: writing a package there stores
 * nothing (or pokes the kernel), and some answer mkdir in ways that make Node's recursive mkdir
 * spin forever (issue 13: /proc). tmpfs is not here: it is real, if volatile, storage.
 */
const virtualTypes = new Set([
  'proc',
  'sysfs',
  'devtmpfs',
  'devpts',
  'debugfs',
  'tracefs',
  'securityfs',
  'cgroup',
  'cgroup2',
  'pstore',
  'bpf',
  'configfs',
  'fusectl',
  'efivarfs',
  'binfmt_misc',
  'mqueue',
  'hugetlbfs',
  'nsfs',
  'selinuxfs',
  'rpc_pipefs',
]);

export function isVirtualFilesystem(type: string): boolean {
  return virtualTypes.has(type);
}

/**
 * The mounts of /proc/self/mountinfo (Linux), in mount order; null where there is none (other
 * systems, or a sandbox without /proc).
 */
export async function readMountTable(file = '/proc/self/mountinfo'): Promise<Mount[] | null> {
  const text = await fs.readFile(file, 'utf8').catch(() => null);
  return text === null ? null : parseMountInfo(text);
}

/** `36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw`: field 5 and the first after '-'. */
export function parseMountInfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const separator = fields.indexOf('-', 6);
    if (fields.length < 5 || separator === -1 || fields[separator + 1] === undefined) continue;
    mounts.push({ mountPoint: unescapeMountField(fields[4]!), type: fields[separator + 1]! });
  }
  return mounts;
}

/** The kernel writes space, tab, newline and backslash in mount points as octal escapes. */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** The mount holding `resolved` (a real path): the deepest mount point above it, the later on ties (mounted over). */
export function mountOf(mounts: readonly Mount[], resolved: string): Mount | null {
  let best: Mount | null = null;
  for (const mount of mounts) {
    const inside = resolved === mount.mountPoint || resolved.startsWith(mount.mountPoint.endsWith(path.sep) ? mount.mountPoint : mount.mountPoint + path.sep);
    if (inside && (best === null || mount.mountPoint.length >= best.mountPoint.length)) best = mount;
  }
  return best;
}
