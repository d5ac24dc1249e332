import type { ComponentType } from 'react';
import { DuplicatesScreen } from './screens/duplicates/DuplicatesScreen';
import { LibraryScreen } from './screens/library/LibraryScreen';
import { SourcesScreen } from './screens/sources/SourcesScreen';

export interface ScreenEntry {
  route: string;
  title: string;
  Screen: ComponentType;
}

/** The navigation, in order. New screens (people, events) join by adding an entry here. */
export const screens: readonly ScreenEntry[] = [
  { route: 'library', title: 'Library', Screen: LibraryScreen },
  { route: 'duplicates', title: 'Duplicates', Screen: DuplicatesScreen },
  { route: 'sources', title: 'Sources', Screen: SourcesScreen },
];
