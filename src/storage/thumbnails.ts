/**
 * Thumbnails as the samples store keeps them: the image file's bytes and its type (ThumbnailBytes),
 * never a Blob. WebKit refuses to store a Blob in IndexedDB in its ephemeral sessions (Safari's private
 * windows, WebKit's automation): "Error preparing Blob/File data to be stored in object store".
 * An ArrayBuffer is plain structured-clone data that every engine stores.
 *
 * Rows written before (Chromium and Firefox stored the Blob) still hold one: every read here accepts
 * both forms, and callers get a Blob either way. Such a row is never rewritten into bytes, since only a
 * browser that accepted its Blob can hold it.
 */
import { base64ToBytes, bytesToBase64 } from '../core/formats/galleryFile.ts';
import { isThumbnailType, splitThumbnailDataUrl } from '../core/formats/sampleRules.ts';
import { GalleryStoreError } from './errors.ts';
import type { StoredThumbnail, ThumbnailBytes } from './schema.ts';

/**
 * A checked thumbnail Blob (validate.ts) as bytes for the store. Awaited before the transaction opens:
 * an await on a Blob's bytes inside one lets it commit early.
 */
export async function thumbnailBytes(blob: Blob | null): Promise<ThumbnailBytes | null> {
  if (blob === null) return null;
  if (!isThumbnailType(blob.type)) throw new GalleryStoreError(`A thumbnail of type "${blob.type}" cannot be stored.`);
  return { bytes: await blob.arrayBuffer(), type: blob.type };
}

/** Bytes stored since thumbnails stopped being Blobs; a Blob in rows written before. */
const isBytes = (stored: StoredThumbnail): stored is ThumbnailBytes =>
  stored !== null && !(stored instanceof Blob) && stored.bytes instanceof ArrayBuffer;

/** A row's thumbnail as callers see it: a Blob (a new one over the stored bytes, or the old row's own). */
export function thumbnailBlob(stored: StoredThumbnail): Blob | null {
  if (stored instanceof Blob) return stored;
  return isBytes(stored) ? new Blob([stored.bytes], { type: stored.type }) : null;
}

/** A row's thumbnail as a data URL of the gallery file (no Blob is read for rows stored as bytes). */
export async function thumbnailDataUrl(stored: ThumbnailBytes | Blob): Promise<string> {
  const { type } = stored;
  if (!isThumbnailType(type)) throw new GalleryStoreError(`A thumbnail of type "${type}" cannot be exported.`);
  const bytes = stored instanceof Blob ? await stored.arrayBuffer() : stored.bytes;
  return `data:${type};base64,${bytesToBase64(new Uint8Array(bytes))}`;
}

/** A gallery file's thumbnail data URL as bytes for the store; refuses anything but base64 JPEG, PNG or WebP. */
export function dataUrlThumbnail(url: string): ThumbnailBytes {
  const parts = typeof url === 'string' ? splitThumbnailDataUrl(url) : null;
  if (!parts) throw new GalleryStoreError('A thumbnail is not a JPEG, PNG or WebP data URL.');
  try {
    return { bytes: base64ToBytes(parts.base64).buffer, type: parts.type };
  } catch {
    throw new GalleryStoreError('A thumbnail data URL is not valid base64.');
  }
}
