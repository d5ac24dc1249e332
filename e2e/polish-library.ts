/** The seeded library of the polish specs (a big grid, undated photos, event runs with people) and their measurements. */
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { Catalog, libraryLayout, seedSyntheticPhotos } from '../src/main/catalog';
import { sortKeyOf } from '../src/main/catalog/time';
import { facePackDir, readFaceModelRef } from '../src/main/pipeline/face-pack';
import { startFacetServer, type FacetServer } from './facet-server';
import { test as base } from './fixtures';

export const polishPhotoCount = 2400;

/** A run of photos the engine should suggest as one event, and what the suggestion should be. */
export interface PolishRun {
  name: string;
  photoIds: number[];
  /** The photo of the run's most frequent person with that person's best face. */
  coverId: number;
  /** The first photo, which the old rule made the cover: a stranger's portrait where there is one. */
  firstId: number;
}

export interface PolishLibrary {
  count: number;
  /** Photos without a capture time, stored as indexing stores them: their file time as sort key. */
  undatedIds: number[];
  runs: PolishRun[];
}

/**
 * Seeds `polishPhotoCount` photos (5 hours apart, back from December 2024), then:
 * - every 300th photo loses its capture time and keeps a file time in the dated months, as a
 *   scan copied in 2024 would;
 * - the 20 newest become three runs in 2025: a Saturday afternoon whose first photo is a
 *   stranger's portrait and whose friend is in three photos, the same Saturday's evening, and a
 *   trip over a Friday and a Saturday; their thumbnails are drawn apart so a cover can be told.
 */
export async function seedPolishLibrary(libraryDir: string): Promise<PolishLibrary> {
  await seedSyntheticPhotos(libraryDir, polishPhotoCount, { withThumbs: true });
  const layout = libraryLayout(libraryDir);
  const modelRef = await readFaceModelRef(facePackDir());
  const catalog = Catalog.open(layout.catalogFile);
  try {
    const rows = catalog.db.prepare('SELECT id, sha256, sort_time AS time FROM files ORDER BY sort_time DESC, id DESC').all() as {
      id: number;
      sha256: string;
      time: number;
    }[];
    const thumbs: { sha256: string; file: string; label: string; hue: number }[] = [];
    const runsSpec = [
      { name: 'Saturday afternoon, 12 Jul 2025', times: Array.from({ length: 8 }, (_, i) => `2025-07-12T${clock(12 * 60 + 30 + i * 15)}`) },
      { name: 'Saturday evening, 12 Jul 2025', times: Array.from({ length: 6 }, (_, i) => `2025-07-12T${clock(20 * 60 + 30 + i * 15)}`) },
      {
        name: 'Friday to Saturday, 1–2 Aug 2025',
        times: ['2025-08-01T10:00:00', '2025-08-01T15:00:00', '2025-08-01T20:00:00', '2025-08-02T01:00:00', '2025-08-02T06:00:00', '2025-08-02T11:00:00'],
      },
    ];
    // Faces of the current model are not re-embedded (from originals that do not exist) on open.
    const modelId = catalog.faces.modelId(modelRef);
    const runs: PolishRun[] = [];
    const undatedIds: number[] = [];

    catalog.transaction(() => {
      // No face pass: the originals do not exist, and the faces below are all there is.
      catalog.db.prepare(`UPDATE files SET face_state = 'done'`).run();
      const redate = catalog.db.prepare('UPDATE files SET taken_at = ?, mtime_ms = ?, sort_time = ?, sort_month = ? WHERE id = ?');
      const person = (name: string | null) =>
        Number(catalog.db.prepare('INSERT INTO people (name, created_at) VALUES (?, ?)').run(name, new Date().toISOString()).lastInsertRowid);
      const addFace = (sha256: string, personId: number, quality: number, size: number) =>
        catalog.db
          .prepare(
            `INSERT INTO faces (sha256, box_x, box_y, box_w, box_h, det_score, quality, model_id, person_id, assigned_by, created_at)
             VALUES (?, 1000, 800, ?, ?, 0.95, ?, ?, ?, 'user', ?)`,
          )
          .run(sha256, size, size, quality, modelId, personId, new Date().toISOString());

      let next = 0;
      for (const spec of runsSpec) {
        const photos = spec.times.map((time) => {
          const row = rows[next++]!;
          const key = sortKeyOf(time, null);
          redate.run(time, key.sortTime, key.sortTime, key.sortMonth, row.id);
          return row;
        });
        runs.push({ name: spec.name, photoIds: photos.map((p) => p.id), coverId: photos[0]!.id, firstId: photos[0]!.id });
      }

      // The afternoon: a stranger's sharp portrait first, the friend in three photos, someone else once.
      const afternoon = rows.slice(0, 8);
      const stranger = person(null);
      const friend = person('Sam');
      const passerBy = person(null);
      addFace(afternoon[0]!.sha256, stranger, 0.99, 2400);
      addFace(afternoon[2]!.sha256, friend, 0.5, 600);
      addFace(afternoon[4]!.sha256, friend, 0.9, 900);
      addFace(afternoon[5]!.sha256, friend, 0.6, 500);
      addFace(afternoon[6]!.sha256, passerBy, 0.98, 1500);
      runs[0]!.coverId = afternoon[4]!.id;
      afternoon.forEach((row, i) =>
        thumbs.push({
          sha256: row.sha256,
          file: `afternoon-${i}`,
          label: i === 0 ? 'Stranger' : [2, 4, 5].includes(i) ? 'Sam' : i === 6 ? 'Passer-by' : `Afternoon ${i + 1}`,
          hue: 30 + i * 8,
        }),
      );
      rows
        .slice(8, 20)
        .forEach((row, i) => thumbs.push({ sha256: row.sha256, file: `run-${i}`, label: i < 6 ? `Evening ${i + 1}` : `Trip ${i - 5}`, hue: 180 + i * 12 }));

      // Undated: file times inside the dated months, which used to file them under those months.
      for (const row of rows.slice(20).filter((_, i) => i % 300 === 150)) {
        const mtimeMs = row.time + new Date(row.time).getTimezoneOffset() * 60_000;
        const key = sortKeyOf(null, mtimeMs);
        redate.run(null, mtimeMs, key.sortTime, key.sortMonth, row.id);
        undatedIds.push(row.id);
      }
    });

    await mkdir(path.join(layout.derivativesDir, 'polish'), { recursive: true });
    const setThumb = catalog.db.prepare(`UPDATE derivatives SET path = ?, bytes = ? WHERE sha256 = ? AND kind = 'thumb' AND variant = ''`);
    for (const thumb of thumbs) {
      const file = path.join(layout.derivativesDir, 'polish', `${thumb.file}.webp`);
      await drawThumb(file, thumb.label, thumb.hue);
      setThumb.run(path.relative(layout.libraryDir, file).split(path.sep).join('/'), (await stat(file)).size, thumb.sha256);
    }
    return { count: polishPhotoCount, undatedIds, runs };
  } finally {
    catalog.close();
  }
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;
}

/** A 320x240 thumbnail: a coloured scene with a figure and a caption. */
async function drawThumb(file: string, label: string, hue: number): Promise<void> {
  const portrait = label === 'Stranger';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">
    <rect width="320" height="240" fill="hsl(${hue}, 45%, 55%)"/>
    <circle cx="160" cy="${portrait ? 110 : 100}" r="${portrait ? 80 : 32}" fill="hsl(${hue}, 30%, 85%)"/>
    <rect x="${portrait ? 60 : 128}" y="${portrait ? 190 : 136}" width="${portrait ? 200 : 64}" height="${portrait ? 60 : 70}" rx="20" fill="hsl(${hue}, 30%, 30%)"/>
    <text x="160" y="36" text-anchor="middle" font-family="sans-serif" font-size="24" fill="#fff">${label}</text>
  </svg>`;
  await sharp(Buffer.from(svg)).webp().toFile(file);
}

/** The specs' `test`: the seeded library behind a `facet serve`, one per worker. */
export const test = base.extend<object, { polish: { server: FacetServer; library: PolishLibrary } }>({
  polish: [
    async ({}, use) => {
      const root = await mkdtemp(path.join(os.tmpdir(), 'facet-e2e-polish-'));
      const libraryDir = path.join(root, 'library');
      const library = await seedPolishLibrary(libraryDir);
      const server = await startFacetServer(libraryDir);
      try {
        await use({ server, library });
      } finally {
        await server.stop();
        await rm(root, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

/** The smallest font size (px) of interactive text: WCAG asks for none, this project for 13. */
export const minInteractiveFontPx = 13;

/**
 * Interactive text under `min` px inside `scope` (a CSS selector): links, buttons, tabs, labels
 * and text fields, and every element with text inside them, as "<what> "<text>": <size>px".
 */
export async function smallInteractiveText(page: Page, scope: string, min = minInteractiveFontPx): Promise<string[]> {
  return page.evaluate(
    ({ scope, min }) => {
      const selector = [
        'a[href]',
        'button',
        'label',
        'summary',
        '[role="tab"]',
        'select',
        'textarea',
        'input:not([type]), input[type="text"], input[type="password"], input[type="date"], input[type="search"]',
      ]
        .map((part) =>
          part
            .split(', ')
            .map((one) => `${scope} ${one}`)
            .join(', '),
        )
        .join(', ');
      const problems: string[] = [];
      for (const element of document.querySelectorAll<HTMLElement>(selector)) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        for (const node of [element, ...element.querySelectorAll<HTMLElement>('*')]) {
          const text =
            node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement || node instanceof HTMLSelectElement
              ? node.value || node.getAttribute('placeholder') || node.type
              : [...node.childNodes]
                  .filter((child) => child.nodeType === Node.TEXT_NODE)
                  .map((child) => child.textContent ?? '')
                  .join('')
                  .trim();
          if (!text) continue;
          const size = parseFloat(getComputedStyle(node).fontSize);
          if (size < min) problems.push(`${element.tagName.toLowerCase()}.${element.className} "${text.slice(0, 40)}": ${size}px`);
        }
      }
      return problems;
    },
    { scope, min },
  );
}

export interface ContrastPair {
  foreground: string;
  background: string;
  ratio: number;
}

/**
 * WCAG 2 contrast ratios of the theme's text tokens on its background tokens, from the colours
 * the browser computes for them (so a token that resolves differently than written is caught).
 */
export async function themeTokenContrast(page: Page): Promise<ContrastPair[]> {
  return page.evaluate(() => {
    const probe = document.createElement('span');
    document.body.append(probe);
    const channels = (css: string) => {
      probe.style.color = css;
      return getComputedStyle(probe)
        .color.match(/[\d.]+/g)!
        .slice(0, 3)
        .map(Number) as [number, number, number];
    };
    const luminance = ([r, g, b]: [number, number, number]) => {
      const lin = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const ratio = (a: string, b: string) => {
      const [hi, lo] = [luminance(channels(a)), luminance(channels(b))].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    const pairs: { foreground: string; background: string; ratio: number }[] = [];
    for (const foreground of ['--text', '--text-muted', '--accent', '--danger', '--warn', '--ok']) {
      for (const background of ['--bg', '--surface', '--surface-2', '--tile-bg']) {
        pairs.push({ foreground, background, ratio: ratio(`var(${foreground})`, `var(${background})`) });
      }
    }
    pairs.push({ foreground: '--accent-text', background: '--accent', ratio: ratio('var(--accent-text)', 'var(--accent)') });
    probe.remove();
    return pairs;
  });
}

/** WCAG 2 contrast ratio of an element's text colour on the first opaque background behind it. */
export async function textContrast(page: Page, selector: string): Promise<{ color: string; background: string; ratio: number }> {
  return page
    .locator(selector)
    .first()
    .evaluate((element) => {
      const rgba = (css: string) => css.match(/[\d.]+/g)!.map(Number);
      let behind: Element | null = element;
      let background = 'rgb(255, 255, 255)';
      for (; behind; behind = behind.parentElement) {
        const color = getComputedStyle(behind).backgroundColor;
        if ((rgba(color)[3] ?? 1) > 0) {
          background = color;
          break;
        }
      }
      const color = getComputedStyle(element).color;
      const luminance = (css: string) => {
        const lin = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
        const [r, g, b] = rgba(css) as [number, number, number];
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
      };
      const [hi, lo] = [luminance(color), luminance(background)].sort((x, y) => y - x) as [number, number];
      return { color, background, ratio: (hi + 0.05) / (lo + 0.05) };
    });
}
