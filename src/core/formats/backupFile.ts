/**
 * The backup file: everything needed to restore Faceprint in another browser, in one JSON file:
 *
 *   { "format": "faceprint-backup", "version": 1, "createdAt": ISO-8601,
 *     "settings": { …the app's settings, as it stores them },
 *     "galleries": { "people": <gallery file>, "celebrities": <gallery file> } }
 *
 * Each gallery is a whole gallery file (galleryFile.ts), validated by the same rules. parseBackup
 * checks everything before returning, so a restore starts only from a file that is entirely sound.
 */
import { bytesText } from '../text.ts';
import { galleryFromJson, GalleryFormatError, MAX_GALLERY_FILE_BYTES, type Gallery } from './galleryFile.ts';

export const BACKUP_FORMAT = 'faceprint-backup';
export const BACKUP_VERSION = 1;

/** The galleries a backup holds, in the order they are restored. */
export const BACKUP_GALLERIES = ['people', 'celebrities'] as const;
export type BackupGalleryKind = (typeof BACKUP_GALLERIES)[number];

/** Two galleries at their largest: refused from the size alone, before anything is read. */
export const MAX_BACKUP_FILE_BYTES = 2 * MAX_GALLERY_FILE_BYTES;

export interface Backup {
  readonly createdAt: string;
  /** The settings as stored; the app validates and clamps them as it does its own stored settings. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly galleries: Readonly<Record<BackupGalleryKind, Gallery>>;
}

export function checkBackupFileSize(bytes: number): void {
  if (bytes > MAX_BACKUP_FILE_BYTES) {
    throw new GalleryFormatError(
      `the file is ${bytesText(bytes)}, more than a Faceprint backup can be (at most ${bytesText(MAX_BACKUP_FILE_BYTES)})`,
    );
  }
}

/**
 * A backup from the galleries' exported files (JSON text, as the worker's exportGallery gives them) and
 * the settings. The gallery texts are placed as they are, not parsed and written again: a large
 * gallery is not held twice in memory.
 */
export function serializeBackup(
  galleries: Readonly<Record<BackupGalleryKind, string>>,
  settings: Readonly<Record<string, unknown>>,
  createdAt: string = new Date().toISOString(),
): string {
  const head = JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt, settings });
  const body = BACKUP_GALLERIES.map((kind) => `${JSON.stringify(kind)}:${galleries[kind]}`).join(',\n');
  return `${head.slice(0, -1)},\n"galleries":{${body}}}\n`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and validates a backup file; throws GalleryFormatError naming the first problem. */
export function parseBackup(text: string): Backup {
  checkBackupFileSize(text.length);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new GalleryFormatError('not a Faceprint backup: the file is not JSON');
  }
  if (isObject(doc) && doc.format === 'faceprint-gallery') {
    throw new GalleryFormatError('this is a gallery file, not a backup of everything: import it on the People screen');
  }
  if (!isObject(doc) || doc.format !== BACKUP_FORMAT) throw new GalleryFormatError('not a Faceprint backup file');
  if (typeof doc.version !== 'number') throw new GalleryFormatError('backup file has no version');
  if (doc.version > BACKUP_VERSION) {
    throw new GalleryFormatError(
      `the file was made by a newer Faceprint (backup file version ${doc.version}; this one reads version ${BACKUP_VERSION}): update the app to restore it`,
    );
  }
  if (doc.version !== BACKUP_VERSION) throw new GalleryFormatError(`unsupported backup file version ${doc.version}`);
  if (!isObject(doc.settings)) throw new GalleryFormatError('backup file: "settings" must be an object');
  const galleries = doc.galleries;
  if (!isObject(galleries)) throw new GalleryFormatError('backup file has no "galleries"');
  const read = (kind: BackupGalleryKind): Gallery => {
    if (galleries[kind] === undefined) throw new GalleryFormatError(`backup file: the ${kind} gallery is missing`);
    try {
      return galleryFromJson(galleries[kind]);
    } catch (error) {
      throw error instanceof GalleryFormatError ? new GalleryFormatError(`${kind} gallery: ${error.message}`) : error;
    }
  };
  return {
    createdAt: typeof doc.createdAt === 'string' ? doc.createdAt : new Date().toISOString(),
    settings: doc.settings,
    galleries: { people: read('people'), celebrities: read('celebrities') },
  };
}
