/** "Summer party!" to "summer-party": a file name made of the event name. */
export function fileSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug || 'event';
}

/** `fileName` inside `folder`, with the separator the folder path already uses (Windows or POSIX). */
export function pathInFolder(folder: string, fileName: string): string {
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(separator) ? folder + fileName : folder + separator + fileName;
}
