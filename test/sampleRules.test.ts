/**
 * The person and sample rules (src/core/formats/sampleRules.ts), and that the gallery file parser and the
 * gallery store apply them alike: whatever one refuses the other refuses, naming the same problem.
 */
// idb recognises requests and transactions with `instanceof IDBRequest` etc., so fake-indexeddb's classes must be globals.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EMBEDDING_SIZE, l2normalize } from '../src/core/pipeline/embed.ts';
import { GalleryFormatError, parseGallery, serializeGallery, type Gallery } from '../src/core/formats/galleryFile.ts';
import type { HeadPose } from '../src/core/pipeline/pose.ts';
import {
  embeddingProblem,
  IdClaims,
  MAX_NAME_LENGTH,
  nameProblem,
  poseAngles,
  splitThumbnailDataUrl,
} from '../src/core/formats/sampleRules.ts';
import { GalleryStoreError, openGalleryDb, type GalleryDb } from '../src/storage/index.ts';

/** A unit vector that differs per seed. */
const unit = (seed: number): Float32Array =>
  l2normalize(Float32Array.from({ length: EMBEDDING_SIZE }, (_, i) => Math.sin(seed * 7 + i * 0.37)));
const scaled = (v: Float32Array, by: number): Float32Array => v.map((x) => x * by);
const withValue = (v: Float32Array, index: number, x: number): Float32Array => {
  const out = Float32Array.from(v);
  out[index] = x;
  return out;
};

describe('sample rules', () => {
  it('accept a unit embedding within the tolerance and name what is wrong with any other', () => {
    expect(embeddingProblem(unit(1))).toBeNull();
    expect(embeddingProblem(scaled(unit(1), 1.0005))).toBeNull();
    expect(embeddingProblem(scaled(unit(1), 1.002))).toBe('is not unit length');
    expect(embeddingProblem(scaled(unit(1), 0.9))).toBe('is not unit length');
    expect(embeddingProblem(new Float32Array(EMBEDDING_SIZE))).toBe('is not unit length');
    expect(embeddingProblem(withValue(unit(1), 3, Number.NaN))).toBe('contains NaN or infinity');
    expect(embeddingProblem(withValue(unit(1), 500, Number.NEGATIVE_INFINITY))).toBe('contains NaN or infinity');
    expect(embeddingProblem(unit(1).subarray(1))).toBe(`has ${EMBEDDING_SIZE - 1} values, expected ${EMBEDDING_SIZE}`);
    expect(embeddingProblem(l2normalize(new Float32Array(128).fill(1)))).toBe(`has 128 values, expected ${EMBEDDING_SIZE}`);
  });

  it('take names of 1 to MAX_NAME_LENGTH characters', () => {
    expect(nameProblem('')).toBe('empty');
    expect(nameProblem('A')).toBeNull();
    expect(nameProblem('x'.repeat(MAX_NAME_LENGTH))).toBeNull();
    expect(nameProblem('x'.repeat(MAX_NAME_LENGTH + 1))).toBe('too long');
  });

  it('take a pose of three finite angles, naming the first that is not', () => {
    expect(poseAngles({ yaw: 1, pitch: -2, roll: 0.5, extra: 'dropped' } as HeadPose)).toEqual({ pose: { yaw: 1, pitch: -2, roll: 0.5 } });
    expect(poseAngles({ yaw: Number.NaN, pitch: Number.NaN, roll: 0 })).toEqual({ badAngle: 'yaw' });
    expect(poseAngles({ yaw: 0, pitch: '2', roll: 0 })).toEqual({ badAngle: 'pitch' });
    expect(poseAngles({ yaw: 0, pitch: 0 })).toEqual({ badAngle: 'roll' });
    expect(poseAngles({ yaw: 0, pitch: 0, roll: Number.POSITIVE_INFINITY })).toEqual({ badAngle: 'roll' });
  });

  it('take JPEG, PNG or WebP base64 data URLs as thumbnails', () => {
    expect(splitThumbnailDataUrl('data:image/png;base64,iVBORw0KGgo=')).toEqual({ type: 'image/png', base64: 'iVBORw0KGgo=' });
    expect(splitThumbnailDataUrl('data:image/webp;base64,')).toEqual({ type: 'image/webp', base64: '' });
    expect(splitThumbnailDataUrl('data:image/gif;base64,R0lGOD')).toBeNull();
    expect(splitThumbnailDataUrl('data:image/jpeg,raw')).toBeNull();
    expect(splitThumbnailDataUrl('https://example.com/a.jpg')).toBeNull();
  });

  it('refuse empty and repeated ids', () => {
    const ids = new IdClaims();
    expect(ids.claim('a')).toBeNull();
    expect(ids.claim('b')).toBeNull();
    expect(ids.claim('a')).toBe('duplicate');
    expect(ids.claim('')).toBe('empty');
  });
});

describe('the gallery file and the gallery store apply the same rules', () => {
  let db: GalleryDb;

  beforeEach(async () => {
    vi.stubGlobal('indexedDB', new IDBFactory());
    db = await openGalleryDb();
  });

  afterEach(() => {
    db.close();
    vi.unstubAllGlobals();
  });

  interface Case {
    readonly what: string;
    readonly name?: string;
    readonly embedding?: Float32Array;
    readonly pose?: HeadPose | null;
    readonly thumbnail?: string;
    /** What both must say, in their own words; null when both accept. */
    readonly problem: RegExp | null;
  }
  const cases: readonly Case[] = [
    { what: 'a valid sample', problem: null },
    { what: 'a name with spaces around it', name: '  Ada  ', problem: null },
    { what: 'a name of the longest length', name: 'x'.repeat(MAX_NAME_LENGTH), problem: null },
    { what: 'an over-long name', name: 'x'.repeat(MAX_NAME_LENGTH + 1), problem: /name/ },
    { what: 'a blank name', name: '   ', problem: /name/ },
    { what: 'an embedding just within the unit tolerance', embedding: scaled(unit(2), 1.0005), problem: null },
    { what: 'a non-unit embedding', embedding: scaled(unit(2), 1.002), problem: /embedding is not unit length/ },
    { what: 'an all-zero embedding', embedding: new Float32Array(EMBEDDING_SIZE), problem: /embedding is not unit length/ },
    { what: 'an embedding with NaN', embedding: withValue(unit(2), 7, Number.NaN), problem: /embedding contains NaN or infinity/ },
    {
      what: 'an embedding of the wrong length',
      embedding: l2normalize(new Float32Array(256).fill(1)),
      problem: /embedding has 256 values, expected 512/,
    },
    { what: 'no pose', pose: null, problem: null },
    { what: 'a pose with a NaN angle', pose: { yaw: 0, pitch: Number.NaN, roll: 0 }, problem: /pose/ },
    { what: 'a PNG thumbnail', thumbnail: 'data:image/png;base64,iVBORw0KGgo=', problem: null },
    { what: 'a GIF thumbnail', thumbnail: 'data:image/gif;base64,R0lGODlh', problem: /thumbnail/ },
  ];

  /** A one-person, one-sample gallery with the case's field in place of a valid one. */
  const galleryOf = (c: Case, i: number): Gallery => ({
    createdAt: '2026-01-01T00:00:00.000Z',
    people: [
      {
        id: `p-${i}`,
        name: c.name ?? `Person ${i}`,
        createdAt: '2026-01-01T00:00:00.000Z',
        samples: [
          {
            id: `s-${i}`,
            embedding: c.embedding ?? unit(i),
            source: 'a.jpg',
            createdAt: '2026-01-01T00:00:00.000Z',
            pose: c.pose === undefined ? { yaw: 1, pitch: 2, roll: 3 } : c.pose,
            ...(c.thumbnail === undefined ? {} : { thumbnail: c.thumbnail }),
          },
        ],
      },
    ],
  });

  /** The error a call ends with; null when it succeeds. */
  const failure = async (call: () => unknown): Promise<Error | null> => {
    try {
      await call();
      return null;
    } catch (error) {
      return error as Error;
    }
  };

  it.each(cases.map((c, i) => [c.what, c, i] as const))('%s', async (_, c, i) => {
    const file = galleryOf(c, i);
    const fromFile = await failure(() => parseGallery(serializeGallery(file)));
    const intoStore = await failure(() => db.importGallery('people', file));
    if (c.problem === null) {
      expect(fromFile).toBeNull();
      expect(intoStore).toBeNull();
      const [person] = await db.listPeople('people');
      expect(person?.name).toBe(file.people[0]?.name.trim());
      return;
    }
    expect(fromFile).toBeInstanceOf(GalleryFormatError);
    expect(fromFile?.message).toMatch(c.problem);
    expect(intoStore).toBeInstanceOf(GalleryStoreError);
    expect(intoStore?.message).toMatch(c.problem);
    // Enrolling the same sample is refused alike (names are refused before any sample is looked at).
    const sample = file.people[0]!.samples[0]!;
    const enrolled = await failure(() =>
      db.enroll('people', file.people[0]!.name, [
        {
          embedding: sample.embedding,
          pose: sample.pose,
          source: sample.source,
          thumbnail: c.thumbnail?.startsWith('data:image/gif') ? new Blob(['GIF89a'], { type: 'image/gif' }) : null,
        },
      ]),
    );
    expect(enrolled).toBeInstanceOf(GalleryStoreError);
    expect(await db.listPeople('people')).toEqual([]);
  });
});
