/** Person names from file and folder names, as the seed names its celebrity photos. */

const IMAGE_EXTENSION = /\.(jpe?g|png|webp|gif|bmp|avif|tiff?|heic)$/i;

export function isImageFileName(name: string): boolean {
  return IMAGE_EXTENSION.test(name);
}

/** `kit_harington` → "kit harington"; separators become single spaces. */
export function personNameFromFolder(folder: string): string {
  return folder.replace(/[_]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * `Tom_Hanks.jpg`, `Tom_Hanks_2.jpg`, `Tom Hanks (3).png`, `Tom-Hanks-04.jpeg` → "Tom Hanks", and
 * `obama1.jpg` → "obama": the extension and a trailing sample number are dropped, underscores become
 * spaces.
 */
export function personNameFromFile(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  const withoutNumber = base.replace(/(?:[\s_-]*\(\d+\)|[\s_-]+\d+|(?<=\p{L})\d+)$/u, '');
  const name = personNameFromFolder(withoutNumber.replace(/-/g, ' '));
  return name || personNameFromFolder(base);
}
