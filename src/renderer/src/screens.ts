import type { ComponentType } from 'react';
import { DuplicatesScreen } from './screens/duplicates/DuplicatesScreen';
import { EventsScreen } from './screens/events/EventsScreen';
import { LibraryScreen } from './screens/library/LibraryScreen';
import { PeopleScreen } from './screens/people/PeopleScreen';
import { SearchScreen } from './screens/search/SearchScreen';
import { SettingsScreen } from './screens/settings/SettingsScreen';
import { SourcesScreen } from './screens/sources/SourcesScreen';

/** What a screen gets from the route: the path segments after its own (#/people/12 gives ['12']). */
export interface ScreenProps {
  params: readonly string[];
}

export interface ScreenEntry {
  route: string;
  title: string;
  Screen: ComponentType<ScreenProps>;
}

/** The navigation, in order. New screens join by adding an entry here. */
export const screens: readonly ScreenEntry[] = [
  { route: 'library', title: 'Library', Screen: LibraryScreen },
  { route: 'people', title: 'People', Screen: PeopleScreen },
  { route: 'events', title: 'Events', Screen: EventsScreen },
  { route: 'search', title: 'Search', Screen: SearchScreen },
  { route: 'duplicates', title: 'Duplicates', Screen: DuplicatesScreen },
  { route: 'sources', title: 'Sources', Screen: SourcesScreen },
  { route: 'settings', title: 'Settings', Screen: SettingsScreen },
];
