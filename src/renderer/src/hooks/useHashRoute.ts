import { useCallback, useEffect, useState } from 'react';

/** The current screen lives in location.hash (#/library), so reloads and back/forward keep it. */
export function useHashRoute(defaultRoute: string): [string, (route: string) => void] {
  const read = useCallback(() => window.location.hash.replace(/^#\/?/, '') || defaultRoute, [defaultRoute]);
  const [route, setRoute] = useState(read);

  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, [read]);

  const navigate = useCallback((next: string) => {
    window.location.hash = `#/${next}`;
  }, []);

  return [route, navigate];
}
