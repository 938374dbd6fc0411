/**
 * Did a speed change alter what is recognised? Runs the real inference worker in Chromium (the
 * pipeline benchmark page, WASM) on every fixture photo, twice: as a dropped file with the photo
 * request, and fitted into a 640×480 frame sent as a bitmap with the live request (embeddings on).
 * Writes every face's box, score and embedding; `--compare` reports the differences between two runs.
 *
 *   npx tsx bench/run/faceDrift.ts before.json          # on the old commit
 *   npx tsx bench/run/faceDrift.ts after.json           # on the new one
 *   npx tsx bench/run/faceDrift.ts --compare before.json after.json
 *
 * The threshold of "no drift" is the caller's: same face count, boxes within a pixel or two, cosine
 * ≥ 0.999 between the embeddings of the same face.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { launchChromium } from '../../testkit/chromium.ts';
import { FACES } from '../../testkit/fixtures.ts';
import { DEFAULT_REQUEST_OPTIONS, liveRequest, photoRequest } from '../../src/worker/requests.ts';
import type { FaceprintFace } from '../pages/pipeline.ts';
import { serveBench } from './server.ts';

type Faces = Record<string, FaceprintFace[]>;

function fixturePhotos(dir = FACES): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return fixturePhotos(path);
    return /^\.(jpe?g|png)$/i.test(extname(e.name)) ? [relative(FACES, path)] : [];
  });
}

async function collect(): Promise<Faces> {
  process.env.FACEPRINT_BENCH_PAGES ??= 'pipeline';
  const server = await serveBench();
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    await context.route('**/fixtures/**', async (route) => {
      const path = decodeURIComponent(new URL(route.request().url()).pathname.slice('/fixtures/'.length));
      await route.fulfill({ body: readFileSync(join(FACES, path)), contentType: path.endsWith('.png') ? 'image/png' : 'image/jpeg' });
    });
    const page = await context.newPage();
    await page.goto(`${server.origin}/bench/pages/pipeline.html`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    await page.evaluate(() => window.faceprintBench.initFaceprint('wasm', navigator.hardwareConcurrency));
    // guessFiltered: faces that fail the pose filter still get an embedding to compare.
    const photo = photoRequest(DEFAULT_REQUEST_OPTIONS, { guessFiltered: true });
    const live = liveRequest(DEFAULT_REQUEST_OPTIONS, { flip: false, guessFiltered: true });
    const faces: Faces = {};
    for (const path of fixturePhotos()) {
      const url = `/fixtures/${path}`;
      faces[`photo ${path}`] = await page.evaluate(([u, r]) => window.faceprintBench.faceprintFaces(u, r, false), [url, photo] as const);
      faces[`frame ${path}`] = await page.evaluate(([u, r]) => window.faceprintBench.faceprintFaces(u, r, true), [url, live] as const);
    }
    return faces;
  } finally {
    await browser.close();
    await server.close();
  }
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot; // both are unit vectors
}

function compare(before: Faces, after: Faces): void {
  let countChanged = 0;
  let maxBoxShift = 0;
  let compared = 0;
  let minCosine = 1;
  let worst = '';
  for (const [key, old] of Object.entries(before)) {
    const now = after[key] ?? [];
    if (now.length !== old.length) {
      countChanged++;
      console.log(`${key}: ${old.length} faces before, ${now.length} after`);
      continue;
    }
    old.forEach((a, i) => {
      const b = now[i]!;
      const shift = Math.max(
        Math.abs(a.box.x1 - b.box.x1),
        Math.abs(a.box.y1 - b.box.y1),
        Math.abs(a.box.x2 - b.box.x2),
        Math.abs(a.box.y2 - b.box.y2),
      );
      maxBoxShift = Math.max(maxBoxShift, shift);
      if (!a.embedding || !b.embedding) {
        if (a.embedding !== b.embedding) console.log(`${key} face ${i}: embedded on one side only`);
        return;
      }
      compared++;
      const c = cosine(a.embedding, b.embedding);
      if (c < minCosine) [minCosine, worst] = [c, `${key} face ${i}`];
    });
  }
  console.log(
    `images: ${Object.keys(before).length}, face count changed: ${countChanged}, largest box shift: ${maxBoxShift.toFixed(3)} px`,
  );
  console.log(`embeddings compared: ${compared}, lowest cosine: ${minCosine.toFixed(7)}${worst ? ` (${worst})` : ''}`);
}

const args = process.argv.slice(2);
if (args[0] === '--compare' && args.length === 3) {
  const read = (path: string): Faces => JSON.parse(readFileSync(path, 'utf8')) as Faces;
  compare(read(args[1]!), read(args[2]!));
} else if (args.length === 1) {
  writeFileSync(args[0]!, JSON.stringify(await collect()));
  console.log(`written to ${args[0]!}`);
} else {
  console.error('usage: npx tsx bench/run/faceDrift.ts OUT.json | --compare BEFORE.json AFTER.json');
  process.exitCode = 2;
}
