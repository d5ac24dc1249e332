import type { ScreenEntry } from '../screens';

interface Props {
  screens: readonly ScreenEntry[];
  current: string;
  onNavigate: (route: string) => void;
}

export function MainNav({ screens, current, onNavigate }: Props) {
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
