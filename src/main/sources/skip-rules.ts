/**
 * What a folder scan and the watcher never look into: hidden entries (dot names, which also
 * covers .Trashes, .Spotlight-V100, .thumbnails, macOS ._ resource forks) and the housekeeping
 * folders operating systems and NAS boxes put on disks.
 */
const systemFolders = new Set(
  [
    '$RECYCLE.BIN',
    'RECYCLER',
    'RECYCLED',
    'System Volume Information',
    '@eaDir', // Synology thumbnails
    '#recycle', // Synology recycle bin
    '#snapshot',
    '@Recycle', // QNAP
    '.@__thumb',
    'lost+found',
    'Thumbs.db',
    '$WinREAgent',
  ].map((name) => name.toLowerCase()),
);

export function isSkippedName(name: string): boolean {
  return name.startsWith('.') || systemFolders.has(name.toLowerCase());
}

const mediaExtensions = new Set([
  // images
  'jpg',
  'jpeg',
  'jpe',
  'jfif',
  'png',
  'gif',
  'webp',
  'avif',
  'heic',
  'heif',
  'hif',
  'tif',
  'tiff',
  'bmp',
  'jxl',
  // raw
  'dng',
  'cr2',
  'cr3',
  'crw',
  'nef',
  'nrw',
  'arw',
  'srf',
  'sr2',
  'raf',
  'orf',
  'rw2',
  'pef',
  'srw',
  'x3f',
  'erf',
  '3fr',
  'iiq',
  'mos',
  'mrw',
  'kdc',
  'dcr',
  'raw',
  // video
  'mp4',
  'm4v',
  'mov',
  'qt',
  'avi',
  'mkv',
  'webm',
  'mts',
  'm2ts',
  'mpg',
  'mpeg',
  '3gp',
  '3g2',
  'wmv',
  'flv',
]);

/** Files worth handing to the pipeline; the content type is then decided by magic bytes. */
export function isMediaFileName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && mediaExtensions.has(name.slice(dot + 1).toLowerCase());
}
