import type { ScreenProps } from '../../screens';
import { IgnoredFacesPage } from './IgnoredFacesPage';
import { PeopleOverview } from './PeopleOverview';
import { PersonPage } from './PersonPage';
import { UnsortedFacesPage } from './UnsortedFacesPage';

/** #/people, #/people/<id>, #/people/unsorted and #/people/ignored. */
export function PeopleScreen({ params }: ScreenProps) {
  const [first] = params;
  if (first === 'unsorted') return <UnsortedFacesPage />;
  if (first === 'ignored') return <IgnoredFacesPage />;
  const personId = Number(first);
  if (first !== undefined && Number.isSafeInteger(personId) && personId > 0) return <PersonPage key={personId} personId={personId} />;
  return <PeopleOverview />;
}
