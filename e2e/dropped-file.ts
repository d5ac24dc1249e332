import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { JSHandle, Page } from '@playwright/test';

/** A file dragged in from the desktop: a DataTransfer holding a File with the image's bytes. */
export async function draggedFile(page: Page, file: string): Promise<JSHandle<DataTransfer>> {
  const base64 = (await readFile(file)).toString('base64');
  return page.evaluateHandle(
    ({ base64, name }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: 'image/jpeg' }));
      return transfer;
    },
    { base64, name: path.basename(file) },
  );
}
