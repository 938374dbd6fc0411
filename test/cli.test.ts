import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { pairsCsv } from '../testkit/pairs.ts';
import { parseGallery } from '../src/core/formats/galleryFile.ts';
import { FACES, fixture, FIXTURES_MISSING, HAVE_FIXTURES } from '../testkit/fixtures.ts';

const BIN = resolve(import.meta.dirname, '..', 'bin', 'faceprint.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function cliJson<T>(...args: string[]): Promise<{ run: Run; json: T }> {
  const run = await cli(...args, '--json');
  return { run, json: JSON.parse(run.stdout) as T };
}

const work = mkdtempSync(join(tmpdir(), 'faceprint-cli-'));

describe('faceprint CLI basics', () => {
  it('prints usage, and rejects bad usage with exit code 2', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/faceprint detect IMG/);
    const bad = await cli('identify', 'x.jpg');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/missing --gallery/);
    expect((await cli('frobnicate')).stderr).toMatch(/unknown command "frobnicate"/);
  });
});

describe.skipIf(!HAVE_FIXTURES)('faceprint CLI on real photos', () => {
  const notAnImage = join(work, 'notes.jpg');
  const noFace = join(work, 'grey.jpg');
  beforeAll(async () => {
    writeFileSync(notAnImage, 'this is text, not a JPEG\n');
    await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 128, g: 128, b: 128 } } })
      .jpeg()
      .toFile(noFace);
  });

  it('detect: faces with box, score, landmarks and pose; a bad file is one error line and the rest still runs', async () => {
    const drawn = join(work, 'drawn.jpg');
    interface Out {
      images: {
        file: string;
        width?: number;
        faces?: { box: object; score: number; landmarks: number[][]; pose: { yaw: number } }[];
        error?: string;
      }[];
    }
    const { run, json } = await cliJson<Out>('detect', notAnImage, fixture('groups', 'two_people.jpg'));
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^error: .*notes\.jpg: not an image: it looks like a text file$/),
    ]);
    expect(json.images[0]!.error).toMatch(/notes\.jpg/);
    const faces = json.images[1]!.faces!;
    expect(faces).toHaveLength(2);
    expect(faces[0]!.landmarks).toHaveLength(5);
    expect(faces[0]!.score).toBeGreaterThan(0.9);
    expect(typeof faces[0]!.pose.yaw).toBe('number');

    const text = await cli('detect', fixture('groups', 'kit_with_rose.jpg'), '--draw', drawn);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/kit_with_rose\.jpg \(501×700\): 2 faces/);
    const meta = await sharp(drawn).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([501, 700, 'jpeg']);
  });

  describe('enroll, identify, verify', () => {
    const people = join(work, 'enrol');
    const gallery = join(work, 'gallery.json');
    beforeAll(() => {
      // Folder layout for three people, the seed's flat file naming for a fourth.
      const enrol: Record<string, string[]> = {
        obama: ['obama1.jpg', 'obama2.jpg'],
        biden: ['biden1.jpg'],
        alex_lacamoire: ['alex1.png', 'alex2.jpg'],
      };
      for (const [person, files] of Object.entries(enrol)) {
        mkdirSync(join(people, person), { recursive: true });
        for (const f of files) copyFileSync(fixture('people', person, f), join(people, person, f));
      }
      copyFileSync(fixture('people', 'kit_harington', 'kit1.jpg'), join(people, 'Kit_Harington.jpg'));
      copyFileSync(fixture('people', 'kit_harington', 'kit2.jpg'), join(people, 'Kit_Harington_2.jpg'));
      writeFileSync(join(people, 'Broken_Person.jpg'), 'not an image');
    });

    it('enrolls the largest face per photo into a versioned gallery file', async () => {
      const { run, json } = await cliJson<{ people: number; samples: number; errors: { file: string }[] }>(
        'enroll',
        '--gallery',
        gallery,
        people,
      );
      expect(run.code).toBe(1); // the broken file
      expect(json.errors.map((e) => e.file)).toEqual([join(people, 'Broken_Person.jpg')]);
      expect([json.people, json.samples]).toEqual([4, 7]);
      const g = parseGallery(readFileSync(gallery, 'utf8'));
      expect(g.people.map((p) => `${p.name}:${p.samples.length}`).sort()).toEqual([
        'Alex Lacamoire:2',
        'Biden:1',
        'Kit Harington:2',
        'Obama:2',
      ]);
      expect(g.people[0]!.samples[0]!.thumbnail).toMatch(/^data:image\/jpeg;base64,/);
    });

    it('identify names enrolled people in photos it has not seen and calls everyone else Unknown', async () => {
      interface Out {
        images: { file: string; faces: { identity: string; status: string; similarity: number; candidates: { name: string }[] }[] }[];
      }
      const known = { obama3: 'Obama', obama4: 'Obama', biden2: 'Biden', kit3: 'Kit Harington', alex3: 'Alex Lacamoire' };
      const files = [
        fixture('people', 'obama', 'obama3.jpg'),
        fixture('people', 'obama', 'obama4.jpg'),
        fixture('people', 'biden', 'biden2.jpg'),
        fixture('people', 'kit_harington', 'kit3.jpg'),
        fixture('people', 'alex_lacamoire', 'alex3.jpg'),
        fixture('people', 'rose_leslie', 'rose1.jpg'),
        fixture('people', 'rose_leslie', 'rose2.jpg'),
        fixture('people', 'lin_manuel_miranda', 'lin1.png'),
        fixture('groups', 'kit_with_rose.jpg'),
      ];
      const { run, json } = await cliJson<Out>('identify', '--gallery', gallery, '--largest', ...files);
      expect(run.code).toBe(0);
      const byFile = Object.fromEntries(json.images.map((i) => [i.file.replace(/^.*\/|\.\w+$/g, ''), i.faces]));
      for (const [file, name] of Object.entries(known)) {
        expect(byFile[file]![0]!.identity, file).toBe(name);
        expect(byFile[file]![0]!.status).toBe('known');
        expect(byFile[file]![0]!.candidates.length).toBeGreaterThan(1);
      }
      for (const stranger of ['rose1', 'rose2', 'lin1']) expect(byFile[stranger]![0]!.identity, stranger).toBe('Unknown');

      // Without --largest every face is labelled: Kit named, Rose Unknown.
      const group = await cliJson<Out>('identify', '--gallery', gallery, fixture('groups', 'kit_with_rose.jpg'));
      const labels = group.json.images[0]!.faces.map((f) => f.identity).sort();
      expect(labels).toEqual(['Kit Harington', 'Unknown']);
    });

    it('verify: same person and different people at the threshold', async () => {
      interface Out {
        similarity: number;
        same: boolean;
        threshold: number;
      }
      const same = await cliJson<Out>('verify', fixture('people', 'obama', 'obama1.jpg'), fixture('people', 'obama', 'obama3.jpg'));
      expect(same.json.same).toBe(true);
      expect(same.json.similarity).toBeGreaterThan(same.json.threshold);
      const different = await cliJson<Out>('verify', fixture('people', 'obama', 'obama1.jpg'), fixture('people', 'biden', 'biden1.jpg'));
      expect(different.json.same).toBe(false);
      const text = await cli('verify', fixture('people', 'obama', 'obama1.jpg'), noFace);
      expect(text.code).toBe(1);
      expect(text.stderr).toMatch(/grey\.jpg: no face found/);
    });
  });

  it('eval-pairs reads CRLF CSV with a header and ../ paths, counts a missing face as wrong, and writes per-pair scores', async () => {
    const photos = Object.entries({
      obama: ['obama1.jpg', 'obama2.jpg', 'obama4.jpg'],
      biden: ['biden1.jpg', 'biden2.jpg'],
      rose_leslie: ['rose1.jpg', 'rose2.jpg'],
    }).flatMap(([p, fs]) => fs.map((f) => ({ p, rel: `../people/${p}/${f}` })));
    const csv = join(work, 'pairs.csv');
    writeFileSync(csv, pairsCsv(photos.map((p) => ({ person: p.p, path: p.rel }))) + `../people/obama/obama1.jpg,${noFace},Yes\r\n`);
    const scores = join(work, 'scores.csv');
    interface Out {
      pairs: number;
      auc: number;
      bestAccuracy: number;
      threshold: number;
      tarAtFar1: number;
      noFace: string[];
      pairsWithMissingFace: number;
    }
    const { run, json } = await cliJson<Out>('eval-pairs', '--pairs', csv, '--root', join(FACES, 'groups'), '--out', scores);
    expect(run.code).toBe(0);
    expect(json.pairs).toBe(22);
    expect(json.noFace).toEqual([noFace]);
    expect(json.pairsWithMissingFace).toBe(1);
    // Every real pair is separated; the pair with no face is the one wrong answer.
    expect(json.bestAccuracy).toBeCloseTo(21 / 22, 3);
    // 6 genuine pairs, 16 impostor: the missing one ranks below every impostor.
    expect(json.auc).toBeCloseTo(5 / 6, 3);
    const written = readFileSync(scores, 'utf8').trim().split('\n');
    expect(written[0]).toBe('file_x,file_y,Decision,similarity');
    expect(written).toHaveLength(23);
    expect(written.at(-1)).toMatch(/grey\.jpg,Yes,$/);
  });

  describe('cluster and calibrate', () => {
    interface FaceOut {
      file: string;
      box: { x1: number; x2: number };
      quality: number;
    }
    const folderOf = (f: FaceOut): string => f.file.split('/').at(-2)!;

    it("cluster puts each person's photos of people/ in one group and never two people in one", async () => {
      interface Out {
        clusters: { faces: FaceOut[]; best: FaceOut[] }[];
        others: FaceOut[];
        tooSmall: FaceOut[];
        matched: Record<string, FaceOut[]>;
      }
      const { run, json } = await cliJson<Out>('cluster', join(FACES, 'people'));
      expect(run.code).toBe(0);
      expect(json.matched).toEqual({});
      for (const c of json.clusters) {
        expect(new Set(c.faces.map(folderOf)).size, c.faces.map((f) => f.file).join()).toBe(1);
        expect(c.best.length).toBeGreaterThan(0);
        for (const f of c.faces) expect(f.quality).toBeGreaterThan(0);
      }
      // Every photo of a person with two or more lands in that person's one group.
      const photos = { alex_lacamoire: 3, biden: 2, kit_harington: 3, obama: 4, rose_leslie: 2 };
      expect(json.clusters.map((c) => [folderOf(c.faces[0]!), new Set(c.faces.map((f) => f.file)).size]).sort()).toEqual(
        Object.entries(photos).sort(),
      );
      expect(json.others.map(folderOf)).toContain('lin_manuel_miranda');
      expect(json.tooSmall).toEqual([]);
    });

    it('calibrate reports genuine and impostor scores, a threshold and no conflicts on the fixtures; cluster --gallery names them', async () => {
      const gallery = join(work, 'everyone.json');
      expect((await cli('enroll', '--gallery', gallery, join(FACES, 'people'))).code).toBe(0);
      interface Calibration {
        people: number;
        genuine: { count: number; min: number; median: number; missed: number; histogram: number[] };
        impostor: { count: number; max: number; passing: number };
        suggestedThreshold: number | null;
        rule: string;
        conflicts: { people: unknown[]; samples: unknown[] };
      }
      const { run, json } = await cliJson<Calibration>('calibrate', '--gallery', gallery);
      expect(run.code).toBe(0);
      // 5 people with 2+ samples (Lin has 1): 3 + 1 + 3 + 6 + 1 pairs; 14 samples × 5 other people.
      expect(json.people).toBe(5);
      expect(json.genuine.count).toBe(14);
      expect(json.impostor.count).toBe(70);
      expect(json.impostor.passing).toBe(0);
      expect(json.impostor.max).toBeLessThan(json.genuine.min);
      expect(json.suggestedThreshold).toBe(0.48);
      expect(json.rule).toMatch(/Never lower than the default/);
      expect(json.conflicts).toEqual({ people: [], samples: [] });

      const grouped = await cliJson<{ matched: Record<string, FaceOut[]>; clusters: unknown[] }>(
        'cluster',
        '--gallery',
        gallery,
        join(FACES, 'groups'),
      );
      expect(grouped.run.code).toBe(0);
      expect(Object.keys(grouped.json.matched).sort()).toEqual(['Biden', 'Kit Harington', 'Obama', 'Rose Leslie']);
      expect(grouped.json.matched['Obama']!.map((f) => f.file.split('/').at(-1)).sort()).toEqual(['obama_and_biden.jpg', 'two_people.jpg']);
      expect(grouped.json.clusters).toEqual([]);
    });
  });

  it('eval-identify: leave-one-out rank-1 over people/ is 100%', async () => {
    const { run, json } = await cliJson<{ rank1: number; probes: number; misses: unknown[]; strangersNamed: unknown[] }>(
      'eval-identify',
      join(FACES, 'people'),
    );
    expect(run.code).toBe(0);
    expect(json.probes).toBe(14);
    expect(json.rank1).toBe(1);
    expect(json.misses).toEqual([]);
    expect(json.strangersNamed).toEqual([]);
  });
});

if (!HAVE_FIXTURES) it.skip(FIXTURES_MISSING, () => {});
if (!existsSync(BIN)) throw new Error(`missing ${BIN}`);
