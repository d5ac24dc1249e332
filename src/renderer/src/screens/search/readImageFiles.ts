/** A file dropped or chosen as a selfie, as searchBySelfie and the guest methods take it. */
export interface SelfieImage {
  fileName: string;
  base64: string;
  /** data: URL of the same bytes, to show the query and crop its faces. */
  dataUrl: string;
}

/** searchBySelfie takes up to this many images of the same person. */
export const maxSelfieImages = 5;

/** Reads the image files among `files` (others are ignored); throws when none is an image. */
export async function readImageFiles(files: readonly File[]): Promise<SelfieImage[]> {
  const images = files.filter((file) => file.type.startsWith('image/') || /\.(jpe?g|png|webp|heic|heif|avif|tiff?|gif|bmp)$/i.test(file.name));
  if (images.length === 0) {
    const names = files.map((f) => f.name).join(', ') || 'nothing';
    throw new Error(`A selfie must be an image file (JPEG, PNG, HEIC …); got ${names}.`);
  }
  return Promise.all(images.slice(0, maxSelfieImages).map(readOne));
}

function readOne(file: File): Promise<SelfieImage> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const dataUrl = String(reader.result);
      resolve({ fileName: file.name, base64: dataUrl.slice(dataUrl.indexOf(',') + 1), dataUrl });
    };
    reader.onerror = () => reject(new Error(`Cannot read ${file.name}: ${reader.error?.message ?? 'unknown error'}`));
    reader.readAsDataURL(file);
  });
}
