/**
 * The library's choices the user makes in the app (the LibrarySettings of the API contract),
 * kept in the catalog's settings table with the library's other settings.
 */
import type { LibrarySettings } from '../../shared/api';
import type { SettingsRepository } from '../catalog/settings-repo';
import type { FaceSearch } from '../ml/face-detection';

export class LibrarySettingsStore {
  constructor(private readonly settings: SettingsRepository) {}

  get(): LibrarySettings {
    return { findSmallFaces: this.settings.get('findSmallFaces'), writeXmpSidecars: this.settings.get('writeXmpSidecars') };
  }

  update(change: Partial<LibrarySettings>): LibrarySettings {
    if (change.findSmallFaces !== undefined) this.settings.set('findSmallFaces', change.findSmallFaces);
    if (change.writeXmpSidecars !== undefined) this.settings.set('writeXmpSidecars', change.writeXmpSidecars);
    return this.get();
  }

  /** The detection search photos indexed from now on get. */
  faceSearch(): FaceSearch {
    return this.settings.get('findSmallFaces') ? 'small-faces' : 'default';
  }
}
