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
