import { readFileSync, readlinkSync } from 'node:fs';

/** The calling thread's id, from the /proc/thread-self link (`<pid>/task/<tid>`). */
export function thisThreadId(): number {
  return Number(readlinkSync('/proc/thread-self').split('/').at(-1));
}

/** A thread's nice value as the kernel reports it: field 19 of /proc/<pid>/task/<tid>/stat. */
export function threadNiceness(tid: number): number {
  const stat = readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces, start at field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[19 - 3]);
}
