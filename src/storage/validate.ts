/**
 * Checks on what callers hand the store, run before any transaction opens. The rules themselves are
 * core/sampleRules.ts (the gallery file's too); this module words them as GalleryStoreErrors and adds
 * the checks only typed callers need (a Blob's type, a value that is not text at all), and reads a
 * thumbnail Blob into the bytes the store keeps (thumbnails.ts).
 */
import type { HeadPose } from '../core/pipeline/pose.ts';
import { embeddingProblem, IdClaims, isThumbnailType, MAX_NAME_LENGTH, nameProblem, poseAngles } from '../core/formats/sampleRules.ts';
import { GalleryStoreError } from './errors.ts';
import type { ThumbnailBytes } from './schema.ts';
import { thumbnailBytes } from './thumbnails.ts';
import { GALLERY_KINDS, type GalleryKind, type NewSample } from './types.ts';

export function checkGallery(gallery: GalleryKind): void {
  if (!GALLERY_KINDS.includes(gallery)) throw new GalleryStoreError(`Unknown gallery ${JSON.stringify(gallery)}.`);
}

/** The trimmed name and its key (names are unique per gallery ignoring case). */
export function cleanName(name: string): { name: string; nameKey: string } {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  const problem = nameProblem(trimmed);
  if (problem === 'empty') throw new GalleryStoreError('Enter a name.');
  if (problem === 'too long') throw new GalleryStoreError(`A name can have at most ${MAX_NAME_LENGTH} characters.`);
  return { name: trimmed, nameKey: trimmed.toLowerCase() };
}

/** Returns a copy with its own 2 KiB buffer: a view into a larger buffer would be stored whole. */
export function checkEmbedding(embedding: Float32Array, where: string): Float32Array {
  if (!(embedding instanceof Float32Array)) throw new GalleryStoreError(`${where}: the embedding is not a Float32Array.`);
  const problem = embeddingProblem(embedding);
  if (problem) throw new GalleryStoreError(`${where}: the embedding ${problem}.`);
  return new Float32Array(embedding);
}

export function checkPose(pose: HeadPose | null, where: string): HeadPose | null {
  if (pose === null) return null;
  const angles = poseAngles(pose);
  if ('badAngle' in angles) throw new GalleryStoreError(`${where}: the head pose is not three finite angles.`);
  return angles.pose;
}

/** Only types the gallery file accepts, so every stored thumbnail can be exported. */
export function checkThumbnail(thumbnail: Blob | null, where: string): Blob | null {
  if (thumbnail === null) return null;
  if (!(thumbnail instanceof Blob) || !isThumbnailType(thumbnail.type)) {
    throw new GalleryStoreError(`${where}: the thumbnail must be a JPEG, PNG or WebP image.`);
  }
  return thumbnail;
}

export function checkText(value: string, what: string, where: string): string {
  if (typeof value !== 'string') throw new GalleryStoreError(`${where}: ${what} must be text.`);
  return value;
}

export function checkId(id: string, where: string): string {
  if (typeof id !== 'string' || !id) throw new GalleryStoreError(`${where}: empty id.`);
  return id;
}

/** checkId, and refuses an id already claimed (ids in one file must be unique). */
export function claimId(claims: IdClaims, id: string, where: string): string {
  if (claims.claim(checkId(id, where)) === 'duplicate') {
    throw new GalleryStoreError(`${where}: the id ${JSON.stringify(id)} appears twice in the file.`);
  }
  return id;
}

/** A sample to enroll, checked, with the embedding copied (see checkEmbedding). */
export function checkNewSample(sample: NewSample, where: string): NewSample {
  return {
    embedding: checkEmbedding(sample.embedding, where),
    thumbnail: checkThumbnail(sample.thumbnail, where),
    source: checkText(sample.source, 'the source', where),
    pose: checkPose(sample.pose, where),
  };
}

/** A checked sample as the store writes it: the thumbnail as bytes. */
export interface SampleToStore extends Omit<NewSample, 'thumbnail'> {
  readonly thumbnail: ThumbnailBytes | null;
}

/** checkNewSample, with the thumbnail read into bytes: awaited before the transaction opens. */
export async function sampleToStore(sample: NewSample, where: string): Promise<SampleToStore> {
  const checked = checkNewSample(sample, where);
  return { ...checked, thumbnail: await thumbnailBytes(checked.thumbnail) };
}
