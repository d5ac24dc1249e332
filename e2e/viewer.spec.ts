import { expect, openApp, test } from './fixtures';

// The capture time must show the camera's own clock and offset, whatever zone the viewer is in.
test.use({ timezoneId: 'Asia/Tokyo', locale: 'en-US' });

test('the viewer shows EXIF metadata and steps with the keyboard', async ({ page, indexedLibrary }) => {
  await openApp(page, indexedLibrary.server);
  await page.getByRole('button', { name: /^IMG_0001\.jpg,/ }).click();

  const viewer = page.getByRole('dialog', { name: 'IMG_0001.jpg' });
  await expect(viewer).toBeVisible();
  const details = viewer.getByRole('complementary', { name: 'Photo details' });
  await expect(details.getByRole('definition').first()).toHaveText('Jul 14, 2023, 10:30:00 AM (UTC+02:00)');
  await expect(details).toContainText('Canon EOS R6');
  await expect(details).toContainText('RF24-105mm F4 L IS USM');
  await expect(details).toContainText('48.85840° N, 2.29450° E, 35 m');
  await expect(details).toContainText('640 × 480');
  await expect(details).toContainText('image/jpeg');
  await expect(details).toContainText(indexedLibrary.photos.files.find((f) => f.relPath === 'IMG_0001.jpg')!.path);
  await expect(viewer.getByRole('img', { name: 'IMG_0001.jpg' })).toBeVisible();
  await expect.poll(() => viewer.getByRole('img', { name: 'IMG_0001.jpg' }).evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

  // Arrows step through the grid's order and back.
  const position = page.getByRole('dialog').getByText(/^\d[\d,]* of \d[\d,]*$/);
  const start = await position.textContent();
  await page.keyboard.press('ArrowRight');
  await expect(position).not.toHaveText(start!);
  await page.keyboard.press('ArrowLeft');
  await expect(position).toHaveText(start!);
  await expect(page.getByRole('dialog', { name: 'IMG_0001.jpg' })).toBeVisible();

  // The byte-identical copy is listed, and its link shows it.
  const duplicates = details.getByRole('region', { name: 'Duplicates' });
  await expect(duplicates.getByRole('button')).toHaveCount(1);
  await duplicates.getByRole('button').click();
  await expect(page.getByRole('dialog', { name: 'IMG_0001 copy.jpg' })).toBeVisible();

  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});
