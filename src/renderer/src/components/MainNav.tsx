import { useDocumentTitle } from '../hooks/useDocumentTitle';
import type { ScreenEntry } from '../screens';

interface Props {
  screens: readonly ScreenEntry[];
  current: string;
  onNavigate: (route: string) => void;
}

export function MainNav({ screens, current, onNavigate }: Props) {
  // The navigation knows the current screen, so every screen is titled ("Library — Facet") without
  // each one doing it; pages within a screen refine it with useDocumentTitle (an event's name).
  useDocumentTitle(screens.find((screen) => screen.route === current)?.title);
  return (
    <nav className="main-nav" aria-label="Main">
      {screens.map(({ route, title }) => (
        <a
          key={route}
          href={`#/${route}`}
          aria-current={route === current ? 'page' : undefined}
          onClick={(event) => {
            event.preventDefault();
            onNavigate(route);
          }}
        >
          {title}
        </a>
      ))}
    </nav>
  );
}
