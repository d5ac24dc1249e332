import { useEffect } from 'react';

const appName = 'Facet';

/**
 * Sets the window's title to "<title> — Facet" ("Facet" alone while `title` is undefined, e.g.
 * before an event's name has loaded) while the calling component is mounted, and puts back the
 * title it replaced when it unmounts or the title changes. The main navigation sets the screen's
 * name this way; a page inside a screen (an event, a person) calls it too, with its own name,
 * and its title wins while it is shown because it is set after the screen's.
 */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    const previous = document.title;
    document.title = title ? `${title} — ${appName}` : appName;
    return () => {
      document.title = previous;
    };
  }, [title]);
}
