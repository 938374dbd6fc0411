/** What file and folder names say: which files are photos, which are the system's, and whose face a photo shows (as the seed names its celebrity photos). */

const IMAGE_EXTENSION = /\.(jpe?g|png|webp|gif|bmp|avif|tiff?|heic)$/i;

export function isImageFileName(name: string): boolean {
  return IMAGE_EXTENSION.test(name);
}

/** What Windows and macOS leave in folders and zips besides the photos (lower-cased: Windows names ignore case). */
const SYSTEM_NAMES: ReadonlySet<string> = new Set(['__macosx', 'thumbs.db', 'desktop.ini']);

/**
 * Whether a picked file or folder belongs to the system rather than the user: anything hidden (a
 * dotfile such as .DS_Store, a ._photo.jpg resource fork, a .git folder) or inside something hidden,
 * and the macOS zip folder __MACOSX, Thumbs.db, desktop.ini. Skipped without a word: nobody
 * picked them on purpose.
 */
export function isSystemPath(path: string): boolean {
  return path.split(/[\\/]/).some((part) => part.startsWith('.') || SYSTEM_NAMES.has(part.toLowerCase()));
}

/**
 * "kit harington" → "Kit Harington", "McDonald ray" → "McDonald Ray", "jean-luc o'brien" → "Jean-Luc
 * O'Brien": a word in lower case only is capitalised (after a hyphen or apostrophe too); a word that
 * already has a capital is someone's own spelling and kept as written.
 */
export function capitaliseName(name: string): string {
  return name
    .split(' ')
    .map((word) =>
      word === word.toLowerCase()
        ? word.replace(/(^|['’-])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase())
        : word,
    )
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
