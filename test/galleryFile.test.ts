import { describe, expect, it } from 'vitest';
import {
  addSamples,
  checkGalleryFileSize,
  emptyGallery,
  encodeEmbedding,
  GALLERY_VERSION,
  GalleryFormatError,
  MAX_GALLERY_FILE_BYTES,
  parseGallery,
  serializeGallery,
  type GallerySample,
} from '../src/core/formats/galleryFile.ts';
import { randomUnitVector } from '../testkit/syntheticGallery.ts';

const sample = (id: string, seed: number): GallerySample => ({
  id,
  embedding: randomUnitVector(seed),
  source: `${id}.jpg`,
  createdAt: '2026-11-29T00:00:00.000Z',
  pose: { yaw: 1, pitch: 2, roll: 3 },
});

function validDoc(): Record<string, unknown> & { people: Record<string, unknown>[] } {
  const g = addSamples(addSamples(emptyGallery(), 'Ann Lee', [sample('s1', 1), sample('s2', 2)]), 'Bob', [sample('s3', 3)]);
  return JSON.parse(serializeGallery(g)) as Record<string, unknown> & { people: Record<string, unknown>[] };
}

const reject = (doc: unknown, message: RegExp): void => {
  expect(() => parseGallery(JSON.stringify(doc))).toThrow(GalleryFormatError);
  expect(() => parseGallery(JSON.stringify(doc))).toThrow(message);
};

describe('gallery file format', () => {
  it('round-trips people, samples and exact embeddings', () => {
    let g = addSamples(emptyGallery(), 'Ann Lee', [sample('s1', 1)]);
    g = addSamples(g, 'ann lee', [sample('s2', 2)]); // same person, any case
    g = addSamples(g, 'Bob', [{ ...sample('s3', 3), thumbnail: 'data:image/jpeg;base64,AAAA' }]);
    const back = parseGallery(serializeGallery(g));
    expect(back.people.map((p) => [p.name, p.samples.length])).toEqual([
      ['Ann Lee', 2],
      ['Bob', 1],
    ]);
    expect([...back.people[0]!.samples[1]!.embedding]).toEqual([...randomUnitVector(2)]);
    expect(back.people[1]!.samples[0]!.thumbnail).toBe('data:image/jpeg;base64,AAAA');
    expect(back.people[0]!.samples[0]!.pose).toEqual({ yaw: 1, pitch: 2, roll: 3 });
  });

  it('names the embedder by the package’s weights, so files exported before its batch derivation still import', () => {
    // What every export said before the served embedder was derived (docs/cli.md shows the same).
    const before = { file: 'fr_feature.onnx', sha256: '87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581', dimensions: 512 };
    expect(validDoc().embedder).toEqual(before);
    expect(parseGallery(JSON.stringify({ ...validDoc(), embedder: before })).people).toHaveLength(2);
  });

  it('rejects what is not a gallery, or not this version', () => {
    expect(() => parseGallery('{"format":')).toThrow(/not JSON/);
    reject({ hello: 1 }, /not a Faceprint gallery/);
    reject(
      { ...validDoc(), version: GALLERY_VERSION + 1 },
      new RegExp(
        `made by a newer Faceprint \\(gallery file version ${GALLERY_VERSION + 1}; this one reads version ${GALLERY_VERSION}\\): update the app`,
      ),
    );
    reject({ ...validDoc(), version: 0 }, /unsupported gallery file version 0/);
    reject({ ...validDoc(), embedder: { sha256: 'other' } }, /different face model/);
    reject({ ...validDoc(), embedder: { ...(validDoc().embedder as object), dimensions: 128 } }, /different face model/);
    reject({ ...validDoc(), embedder: undefined }, /"embedder" is missing/);
    reject({ ...validDoc(), version: '1' }, /no version/);
    reject({ ...validDoc(), people: 'x' }, /no "people" list/);
    reject([validDoc()], /not a Faceprint gallery file/);
  });

  it('refuses a file too large to be a gallery from its size, before reading it', () => {
    // ~8 kB per sample with its thumbnail: the limit leaves room for some 25,000 samples.
    expect(() => checkGalleryFileSize(MAX_GALLERY_FILE_BYTES)).not.toThrow();
    expect(() => checkGalleryFileSize(1024 ** 3)).toThrow(GalleryFormatError);
    expect(() => checkGalleryFileSize(1024 ** 3)).toThrow(
      'the file is 1.0 GB, more than a Faceprint gallery can be (at most 200 MB, about 25,000 samples)',
    );
    expect(() => checkGalleryFileSize(MAX_GALLERY_FILE_BYTES + 1)).toThrow(/more than a Faceprint gallery can be/);
  });

  it('names the missing field', () => {
    const without = (path: 'person' | 'sample', key: string) => {
      const d = validDoc();
      const person = d.people[1]!;
      if (path === 'person') delete person[key];
      else delete (person.samples as Record<string, unknown>[])[0]![key];
      return d;
    };
    reject(without('person', 'id'), /person 2: "id" is missing/);
    reject(without('person', 'createdAt'), /person 2: "createdAt" is missing/);
    reject(without('person', 'samples'), /person 2 \(Bob\): "samples" is missing/);
    reject(without('sample', 'embedding'), /person 2 \(Bob\), sample 1: "embedding" is missing/);
    reject(without('sample', 'id'), /sample 1: "id" is missing/);
    reject(without('sample', 'source'), /sample 1: "source" is missing/);
    reject(without('sample', 'createdAt'), /sample 1: "createdAt" is missing/);
  });

  it('rejects broken samples before anything is imported', () => {
    const doc = validDoc();
    const withSample = (patch: Record<string, unknown>) => {
      const d = validDoc();
      const person = d.people[1]!;
      person.samples = [{ ...(person.samples as Record<string, unknown>[])[0], ...patch }];
      return d;
    };
    reject(withSample({ embedding: encodeEmbedding(new Float32Array(128).fill(0.088)) }), /128 values, expected 512/);
    reject(withSample({ embedding: encodeEmbedding(new Float32Array(512).fill(Number.NaN)) }), /NaN/);
    const oneInfinity = randomUnitVector(9);
    oneInfinity[100] = Number.POSITIVE_INFINITY;
    reject(withSample({ embedding: encodeEmbedding(oneInfinity) }), /NaN or infinity/);
    reject(withSample({ embedding: encodeEmbedding(randomUnitVector(9).map((x) => x * 0.9)) }), /not unit length/);
    reject(withSample({ embedding: 42 }), /"embedding" must be a string/);
    reject(withSample({ embedding: encodeEmbedding(new Float32Array(512).fill(1)) }), /not unit length/);
    reject(withSample({ embedding: '%%%' }), /base64/);
    reject(withSample({ id: (doc.people[0]!.samples as { id: string }[])[0]!.id }), /duplicate id/);
    const samePersonId = validDoc();
    samePersonId.people[1]!.id = samePersonId.people[0]!.id;
    reject(samePersonId, /person 2: duplicate id/);
    reject(withSample({ thumbnail: 'javascript:alert(1)' }), /data:image URL/);
    reject(withSample({ pose: { yaw: 'x' } }), /pose.yaw/);
    const noName = validDoc();
    delete noName.people[0]!.name;
    reject(noName, /person 1: "name" is missing/);
  });

  it('keeps names with markup as plain text', () => {
    const doc = validDoc();
    doc.people[0]!.name = '<img src=x onerror=alert(1)>';
    doc.people[1]!.name = '<script>window.__pwned = 1</script>';
    const people = parseGallery(JSON.stringify(doc)).people;
    expect(people.map((p) => p.name)).toEqual(['<img src=x onerror=alert(1)>', '<script>window.__pwned = 1</script>']);
  });

  it('rejects empty or over-long names', () => {
    const named = (name: string) => {
      const d = validDoc();
      d.people[0]!.name = name;
      return d;
    };
    reject(named('   '), /person 1: name must be 1–200 characters/);
    reject(named('x'.repeat(201)), /name must be 1–200 characters/);
  });
});
