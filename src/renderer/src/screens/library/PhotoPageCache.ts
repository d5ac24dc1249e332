import type { PhotoPage, PhotoSummary } from '../../../../shared/api';

export type LoadPage = (offset: number, limit: number) => Promise<PhotoPage>;

/**
 * Pages of listPhotos, fetched on demand as grid rows come into view. Bounded (least recently
 * used pages are dropped) so scrolling through 100,000 photos keeps memory flat. After an
 * invalidation old pages stay visible until their replacement arrives, so tiles never flash.
 */
export class PhotoPageCache {
  private readonly pages = new Map<number, { items: PhotoSummary[]; generation: number }>();
  private readonly inflight = new Set<number>();
  private generation = 0;
  private knownTotal: number | null = null;

  constructor(
    private readonly loadPage: LoadPage,
    private readonly onChange: () => void,
    private readonly onError: (error: unknown) => void,
    readonly pageSize = 500,
    private readonly maxPages = 120,
  ) {}

  /** Length of the whole sequence as the latest page reported it; null before any page arrived. */
  get total(): number | null {
    return this.knownTotal;
  }

  photoAt(offset: number): PhotoSummary | undefined {
    return this.pages.get(Math.floor(offset / this.pageSize))?.items[offset % this.pageSize];
  }

  /** Makes sure the photos at offsets first..last (inclusive) are loaded or on their way. */
  request(first: number, last: number): void {
    if (last < first) return;
    for (let page = Math.floor(first / this.pageSize); page <= Math.floor(last / this.pageSize); page++) {
      this.touch(page);
      const cached = this.pages.get(page);
      if ((cached && cached.generation === this.generation) || this.inflight.has(page)) continue;
      this.fetch(page);
    }
  }

  /** The library changed: every page is refetched the next time it is requested. */
  invalidate(): void {
    this.generation++;
    this.onChange();
  }

  private fetch(page: number): void {
    const generation = this.generation;
    this.inflight.add(page);
    this.loadPage(page * this.pageSize, this.pageSize).then(
      (answer) => {
        this.inflight.delete(page);
        this.pages.set(page, { items: answer.items, generation });
        this.knownTotal = answer.total;
        this.evict();
        this.onChange();
      },
      (error: unknown) => {
        this.inflight.delete(page);
        this.onError(error);
      },
    );
  }

  private touch(page: number): void {
    const cached = this.pages.get(page);
    if (!cached) return;
    this.pages.delete(page);
    this.pages.set(page, cached);
  }

  private evict(): void {
    for (const page of this.pages.keys()) {
      if (this.pages.size <= this.maxPages) break;
      this.pages.delete(page);
    }
  }
}
