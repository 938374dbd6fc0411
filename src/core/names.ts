/** Person names from file and folder names, as the seed names its celebrity photos. */

const IMAGE_EXTENSION = /\.(jpe?g|png|webp|gif|bmp|avif|tiff?|heic)$/i;

export function isImageFileName(name: string): boolean {
  return IMAGE_EXTENSION.test(name);
}

/**
 * "kit harington" → "Kit Harington", "McDonald ray" → "McDonald Ray", "jean-luc o'brien" → "Jean-Luc
 * O'Brien": a word in lower case only is capitalised (after a hyphen or apostrophe too); a word that
 * already has a capital is someone's own spelling and kept as written.
 */
export function capitaliseName(name: string): string {
  return name
    .split(' ')
    .map((word) => (word === word.toLowerCase() ? word.replace(/(^|['’-])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase()) : word))
    .join(' ');
}

/** Underscores and runs of spaces become single spaces. */
function spaced(text: string): string {
  return text.replace(/[_]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** `kit_harington` → "Kit Harington", `McDonald_ray` → "McDonald Ray" (see `capitaliseName`). */
export function personNameFromFolder(folder: string): string {
  return capitaliseName(spaced(folder));
}

/**
 * `Tom_Hanks.jpg`, `Tom_Hanks_2.jpg`, `Tom Hanks (3).png`, `Tom-Hanks-04.jpeg` → "Tom Hanks", and
 * `obama1.jpg` → "Obama": the extension and a trailing sample number are dropped, underscores become
 * spaces, lower-case words are capitalised as in `personNameFromFolder`.
 */
export function personNameFromFile(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  const withoutNumber = base.replace(/(?:[\s_-]*\(\d+\)|[\s_-]+\d+|(?<=\p{L})\d+)$/u, '');
  const name = personNameFromFolder(withoutNumber.replace(/-/g, ' '));
  return name || personNameFromFolder(base);
}
