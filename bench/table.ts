/** Prints one markdown table: every bench section reports this way. */
export function table(title: string, header: string[], rows: (string | number)[][]): void {
  process.stdout.write(`\n${title}\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n`);
  for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
}
