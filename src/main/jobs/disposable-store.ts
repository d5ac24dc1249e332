import { log } from '../log';

/** Something that must be closed when the engine stops: a close function, sync or async. */
export type Disposable = () => void | Promise<void>;

/**
 * What the engine opened, closed in the reverse order of opening (as VS Code's DisposableStore):
 * what was opened last may use what was opened before it, never the other way. One failing close
 * is logged and the others still run; disposing twice disposes once.
 */
export class DisposableStore {
  private readonly items: { name: string; dispose: Disposable }[] = [];
  private disposing: Promise<void> | null = null;

  get disposed(): boolean {
    return this.disposing !== null;
  }

  /** Registers a close; `name` says what failed to close in the log. Added after dispose, it runs at once. */
  add(name: string, dispose: Disposable): void {
    if (this.disposing) {
      void this.disposeOne({ name, dispose });
      return;
    }
    this.items.push({ name, dispose });
  }

  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      for (let item = this.items.pop(); item !== undefined; item = this.items.pop()) await this.disposeOne(item);
    })();
    return this.disposing;
  }

  private async disposeOne(item: { name: string; dispose: Disposable }): Promise<void> {
    try {
      await item.dispose();
    } catch (error) {
      log.error(`closing ${item.name} failed`, error);
    }
  }
}
