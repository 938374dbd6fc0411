/**
 * What a gallery person and sample must be, wherever one comes from: a gallery file being parsed
 * (core/galleryFile.ts) or a write to the gallery store (storage/). One set of rules, so whatever the
 * store holds exports as a file that imports again, and a file that parses can be stored.
 *
 * Each rule says what is wrong as a short phrase (or null when nothing is); the caller puts it in its
 * own error, worded for where the sample came from ("person 2 (Ada), sample 1: embedding is not unit
 * length" from a file, "Face 1: the embedding is not unit length." from the store).
 */
import { EMBEDDING_SIZE } from '../pipeline/embed.ts';
import type { HeadPose } from '../pipeline/pose.ts';

/** Longest person name, in UTF-16 units after trimming. */
export const MAX_NAME_LENGTH = 200;

/** How far from 1 an embedding's L2 norm may be (float32 rounding of a normalised vector is far below this). */
export const UNIT_TOLERANCE = 1e-3;

/** The image types a thumbnail may have. */
export const THUMBNAIL_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ThumbnailType = (typeof THUMBNAIL_TYPES)[number];

/** The head of a thumbnail data URL; group 1 is the image type. */
const THUMBNAIL_DATA_URL = /^data:(image\/(?:jpeg|png|webp));base64,/;

export type NameProblem = 'empty' | 'too long';

/** Why a (trimmed) person name is refused: empty, or longer than MAX_NAME_LENGTH. */
export function nameProblem(trimmed: string): NameProblem | null {
  if (!trimmed) return 'empty';
  if (trimmed.length > MAX_NAME_LENGTH) return 'too long';
  return null;
}

/**
 * Why an embedding is refused, as the phrase after "embedding": not EMBEDDING_SIZE values, a value
 * that is NaN or infinite, or not unit length (the matcher's cosine is a plain dot product).
 */
export function embeddingProblem(embedding: Float32Array): string | null {
  if (embedding.length !== EMBEDDING_SIZE) return `has ${embedding.length} values, expected ${EMBEDDING_SIZE}`;
  let norm = 0;
  for (const x of embedding) {
    if (!Number.isFinite(x)) return 'contains NaN or infinity';
    norm += x * x;
  }
  if (Math.abs(Math.sqrt(norm) - 1) > UNIT_TOLERANCE) return 'is not unit length';
  return null;
}

/** A head pose of exactly yaw, pitch and roll (other fields dropped), or the first angle that is not a finite number. */
export function poseAngles(pose: {
  readonly yaw?: unknown;
  readonly pitch?: unknown;
  readonly roll?: unknown;
}): { readonly pose: HeadPose } | { readonly badAngle: 'yaw' | 'pitch' | 'roll' } {
  const { yaw, pitch, roll } = pose;
  if (typeof yaw !== 'number' || !Number.isFinite(yaw)) return { badAngle: 'yaw' };
  if (typeof pitch !== 'number' || !Number.isFinite(pitch)) return { badAngle: 'pitch' };
  if (typeof roll !== 'number' || !Number.isFinite(roll)) return { badAngle: 'roll' };
  return { pose: { yaw, pitch, roll } };
}

export function isThumbnailType(type: string): type is ThumbnailType {
  return (THUMBNAIL_TYPES as readonly string[]).includes(type);
}

/** A thumbnail data URL split into its type and base64 text; null unless it is base64 JPEG, PNG or WebP. */
export function splitThumbnailDataUrl(url: string): { readonly type: ThumbnailType; readonly base64: string } | null {
  const match = THUMBNAIL_DATA_URL.exec(url);
  const type = match?.[1];
  if (!match || type === undefined || !isThumbnailType(type)) return null;
  return { type, base64: url.slice(match[0].length) };
}

/**
 * Ids of people and samples: non-empty, and each used once (a gallery's people and samples share
 * one id space in a file). `claim` says why an id cannot be taken, or takes it and returns null.
 */
export class IdClaims {
  readonly #taken = new Set<string>();

  claim(id: string): 'empty' | 'duplicate' | null {
    if (!id) return 'empty';
    if (this.#taken.has(id)) return 'duplicate';
    this.#taken.add(id);
    return null;
  }
}
