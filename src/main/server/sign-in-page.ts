/**
 * What a browser gets instead of the app when it has no valid secret: a page telling the person
 * what to open, rather than a bare 401. It names no secret and takes nothing from the request
 * (no reflected text), and it has no script or inline style, so the app's CSP applies unchanged.
 */
export function signInPage(options: { stale: boolean; remembered: boolean }): string {
  const heading = options.stale ? 'This Facet link is out of date' : 'Open Facet with the link from `facet serve`';
  const why = options.stale
    ? '<p>The link or bookmark you opened carries the secret of an earlier run of <code>facet serve</code>. Each run makes a new secret, so links from before a restart stop working.</p>'
    : '<p>Facet’s web mode only lets in a browser that opened the link <code>facet serve</code> printed. The link carries a secret; this address alone does not.</p>';
  const keep = options.remembered
    ? '<p>This server remembers its secret across restarts: once you have opened its link, a bookmark of the app keeps working.</p>'
    : '<p>To keep one link (and your bookmarks) working across restarts on this machine, start it with <code>facet serve --remember</code>.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Facet: open the link from facet serve</title>
</head>
<body>
<main>
<h1>${heading.replace(/`([^`]+)`/g, '<code>$1</code>')}</h1>
${why}
<p>Open the address that <code>facet serve</code> printed in its terminal, the line that starts with</p>
<pre>Facet web mode: http://127.0.0.1:PORT/?token=…</pre>
${keep}
</main>
</body>
</html>
`;
}
