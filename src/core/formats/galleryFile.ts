/**
 * The gallery file format shared by the CLI and the web app (export/import). JSON:
 *
 *   { "format": "faceprint-gallery", "version": 1, "createdAt": ISO-8601,
 *     "embedder": { "file", "sha256", "dimensions": 512 },
 *     "people": [ { "id", "name", "createdAt",
 *       "samples": [ { "id", "embedding": base64 of 512 little-endian float32 (unit length),
 *                      "source", "createdAt", "pose": { "yaw", "pitch", "roll" } | null,
 *                      "thumbnail"?: "data:image/jpeg;base64,…" (the aligned 112×112 face) } ] } ] }
 *
 * parseGallery validates everything before returning, so an import is all or nothing.
 */
import { MODELS } from '../../models.ts';
import { EMBEDDING_SIZE } from '../pipeline/embed.ts';
import type { GalleryPerson } from '../search/match.ts';
import type { HeadPose } from '../pipeline/pose.ts';
import { embeddingProblem, IdClaims, MAX_NAME_LENGTH, nameProblem, poseAngles, splitThumbnailDataUrl } from './sampleRules.ts';
import { bytesText } from '../text.ts';

/**
 * The embedder as a gallery file names it: its weights as the package ships them. The served file is
 * derived (a batch dimension) and has its own hash, but the same weights give the same embeddings,
 * so files exported before the derivation still import.
 */
const EMBEDDER_WEIGHTS = {
  file: MODELS.embedder.source.path.slice(MODELS.embedder.source.path.lastIndexOf('/') + 1),
  sha256: MODELS.embedder.source.sha256,
};

export const GALLERY_FORMAT = 'faceprint-gallery';
export const GALLERY_VERSION = 1;

/**
 * The largest gallery file read, checked on the file's size before it is read into memory. A sample
 * takes about 8 kB of the file (its 512 float32 as 2.7 kB of base64, a 112×112 JPEG thumbnail as
 * 3–5 kB of base64, and its fields), so this holds about 25,000 samples: far beyond any gallery
 * enrolled by hand or a celebrity set, and small enough to parse in a browser tab.
 */
export const MAX_GALLERY_FILE_BYTES = 200 * 1024 * 1024;

/** Refuses a file too large to be a gallery, from its size alone (nothing has been read yet). */
export function checkGalleryFileSize(bytes: number): void {
  if (bytes > MAX_GALLERY_FILE_BYTES) {
    throw new GalleryFormatError(
      `the file is ${bytesText(bytes)}, more than a Faceprint gallery can be (at most ${bytesText(MAX_GALLERY_FILE_BYTES)}, about 25,000 samples)`,
    );
  }
}

export interface GallerySample {
  readonly id: string;
  readonly embedding: Float32Array;
  readonly source: string;
  readonly createdAt: string;
  readonly pose: HeadPose | null;
  readonly thumbnail?: string;
}

export interface GalleryRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly samples: readonly GallerySample[];
}

export interface Gallery {
  readonly createdAt: string;
  readonly people: readonly GalleryRecord[];
}

export class GalleryFormatError extends Error {}

export function newId(): string {
  return crypto.randomUUID();
}

export function emptyGallery(): Gallery {
  return { createdAt: new Date().toISOString(), people: [] };
}

/** Base64 of bytes (embeddings and thumbnails in the file). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunked: spreading a whole image into fromCharCode overflows the argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The bytes of base64 text; throws (atob's DOMException) on text that is not base64. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeEmbedding(v: Float32Array): string {
  const bytes = new Uint8Array(v.length * 4);
  const view = new DataView(bytes.buffer);
  v.forEach((x, i) => view.setFloat32(i * 4, x, true));
  return bytesToBase64(bytes);
}

export function decodeEmbedding(text: string): Float32Array {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = base64ToBytes(text);
  } catch {
    throw new GalleryFormatError('embedding is not valid base64');
  }
  if (bytes.length !== EMBEDDING_SIZE * 4) {
    throw new GalleryFormatError(`embedding has ${bytes.length / 4} values, expected ${EMBEDDING_SIZE}`);
  }
  const view = new DataView(bytes.buffer);
  const out = new Float32Array(EMBEDDING_SIZE);
  for (let i = 0; i < EMBEDDING_SIZE; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

export function serializeGallery(gallery: Gallery): string {
  const doc = {
    format: GALLERY_FORMAT,
    version: GALLERY_VERSION,
    createdAt: gallery.createdAt,
    embedder: { ...EMBEDDER_WEIGHTS, dimensions: EMBEDDING_SIZE },
    people: gallery.people.map((p) => ({
      id: p.id,
      name: p.name,
      createdAt: p.createdAt,
      samples: p.samples.map((s) => ({
        id: s.id,
        embedding: encodeEmbedding(s.embedding),
        source: s.source,
        createdAt: s.createdAt,
        pose: s.pose,
        ...(s.thumbnail ? { thumbnail: s.thumbnail } : {}),
      })),
    })),
  };
  return JSON.stringify(doc, null, 1);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(obj: Json, key: string, where: string): string {
  const v = obj[key];
  if (v === undefined) throw new GalleryFormatError(`${where}: "${key}" is missing`);
  if (typeof v !== 'string') throw new GalleryFormatError(`${where}: "${key}" must be a string`);
  return v;
}

function parsePose(v: unknown, where: string): HeadPose | null {
  if (v === null || v === undefined) return null;
  if (!isObject(v)) throw new GalleryFormatError(`${where}: "pose" must be an object or null`);
  const angles = poseAngles(v);
  if ('badAngle' in angles) throw new GalleryFormatError(`${where}: pose.${angles.badAngle} must be a number`);
  return angles.pose;
}

/** Parses and validates a gallery file; throws GalleryFormatError naming the first problem. */
export function parseGallery(text: string): Gallery {
  // Length in UTF-16 units: at least the byte count for the ASCII that JSON gallery files are.
  checkGalleryFileSize(text.length);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new GalleryFormatError('not a Faceprint gallery: the file is not JSON');
  }
  return galleryFromJson(doc);
}

/** Validates a gallery file already parsed from JSON (alone, or inside a backup file); throws GalleryFormatError. */
export function galleryFromJson(doc: unknown): Gallery {
  if (!isObject(doc) || doc.format !== GALLERY_FORMAT) throw new GalleryFormatError('not a Faceprint gallery file');
  if (typeof doc.version !== 'number') throw new GalleryFormatError('gallery file has no version');
  if (doc.version > GALLERY_VERSION) {
    throw new GalleryFormatError(
      `the file was made by a newer Faceprint (gallery file version ${doc.version}; this one reads version ${GALLERY_VERSION}): update the app to import it`,
    );
  }
  if (doc.version !== GALLERY_VERSION) throw new GalleryFormatError(`unsupported gallery file version ${doc.version}`);
  const embedder = doc.embedder;
  if (!isObject(embedder))
    throw new GalleryFormatError('gallery file does not say which face model made its embeddings ("embedder" is missing)');
  if (embedder.sha256 !== EMBEDDER_WEIGHTS.sha256 || embedder.dimensions !== EMBEDDING_SIZE) {
    throw new GalleryFormatError('gallery embeddings come from a different face model and cannot be compared');
  }
  if (!Array.isArray(doc.people)) throw new GalleryFormatError('gallery file has no "people" list');
  const ids = new IdClaims();
  const uniqueId = (id: string, where: string): string => {
    const problem = ids.claim(id);
    if (problem === 'empty') throw new GalleryFormatError(`${where}: empty id`);
    if (problem === 'duplicate') throw new GalleryFormatError(`${where}: duplicate id ${JSON.stringify(id)}`);
    return id;
  };
  const people = doc.people.map((p: unknown, i: number): GalleryRecord => {
    const where = `person ${i + 1}`;
    if (!isObject(p)) throw new GalleryFormatError(`${where} is not an object`);
    const name = str(p, 'name', where).trim();
    if (nameProblem(name)) throw new GalleryFormatError(`${where}: name must be 1–${MAX_NAME_LENGTH} characters`);
    if (!Array.isArray(p.samples)) {
      throw new GalleryFormatError(`${where} (${name}): "samples" ${p.samples === undefined ? 'is missing' : 'must be a list'}`);
    }
    const samples = p.samples.map((s: unknown, j: number): GallerySample => {
      const sw = `${where} (${name}), sample ${j + 1}`;
      if (!isObject(s)) throw new GalleryFormatError(`${sw} is not an object`);
      const embedding = decodeEmbedding(str(s, 'embedding', sw));
      const problem = embeddingProblem(embedding);
      if (problem) throw new GalleryFormatError(`${sw}: embedding ${problem}`);
      const thumbnail = s.thumbnail;
      if (thumbnail !== undefined && (typeof thumbnail !== 'string' || !splitThumbnailDataUrl(thumbnail))) {
        throw new GalleryFormatError(`${sw}: thumbnail must be a data:image URL`);
      }
      return {
        id: uniqueId(str(s, 'id', sw), sw),
        embedding,
        source: str(s, 'source', sw),
        createdAt: str(s, 'createdAt', sw),
        pose: parsePose(s.pose, sw),
        ...(typeof thumbnail === 'string' ? { thumbnail } : {}),
      };
    });
    return { id: uniqueId(str(p, 'id', where), where), name, createdAt: str(p, 'createdAt', where), samples };
  });
  return { createdAt: typeof doc.createdAt === 'string' ? doc.createdAt : new Date().toISOString(), people };
}

/** Adds samples to the person with this name (case-insensitive), creating the person if needed. */
export function addSamples(gallery: Gallery, name: string, samples: readonly GallerySample[]): Gallery {
  const key = name.trim().toLowerCase();
  const existing = gallery.people.find((p) => p.name.toLowerCase() === key);
  if (existing) {
    return {
      ...gallery,
      people: gallery.people.map((p) => (p === existing ? { ...p, samples: [...p.samples, ...samples] } : p)),
    };
  }
  const person: GalleryRecord = { id: newId(), name: name.trim(), createdAt: new Date().toISOString(), samples };
  return { ...gallery, people: [...gallery.people, person] };
}

/** The matcher's view of a gallery. */
export function galleryPeople(gallery: Gallery): GalleryPerson[] {
  return gallery.people.map((p) => ({ id: p.id, name: p.name, embeddings: p.samples.map((s) => s.embedding) }));
}
