import { useCallback, useEffect, useState } from 'react';

/** Where the app is: the screen and its parameters, from location.hash (#/people/12). */
export interface Route {
  screen: string;
  params: readonly string[];
}

function parse(hash: string, defaultScreen: string): Route {
  const [screen, ...params] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return { screen: screen || defaultScreen, params: params.filter(Boolean) };
}

/** The current route lives in location.hash, so reloads and back/forward keep it. */
export function useHashRoute(defaultScreen: string): [Route, (path: string) => void] {
  const read = useCallback(() => parse(window.location.hash, defaultScreen), [defaultScreen]);
  const [route, setRoute] = useState(read);

  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, [read]);

  return [route, navigate];
}

/** Goes to a route path such as 'people/12'. */
export function navigate(path: string): void {
  window.location.hash = `#/${path}`;
}
