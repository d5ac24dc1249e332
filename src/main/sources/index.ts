export { scanFolder, SourceUnavailableError, defaultMaxDepth, type ScanEntry, type ScannedFile, type ScanProblem } from './folder-scanner';
export { watchFolder, type FolderWatcher } from './folder-watcher';
export { isMediaFileName, isSkippedName } from './skip-rules';
