/**
 * Makes the README's screenshots of every screen, using only photos from an npm package
 * (`@vladmandic/face-api`'s demo/sample*.jpg, MIT): the shared test fixtures stay out of the repo.
 *
 *   npx tsx scripts/readme-screenshots.ts        # builds, serves on :4190, writes docs/screens/*.png
 *
 * The people in these photos are strangers to us: the screenshots give them made-up names.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, type Page } from '@playwright/test';
import sharp from 'sharp';
import * as tar from 'tar';
import { decodeImageFile } from '../src/cli/decode.ts';
import { loadNodeModels } from '../src/cli/models.ts';
import { analyze } from '../src/core/pipeline/pipeline.ts';
import { launchChromium } from '../testkit/chromium.ts';
import { fakeCamera } from '../testkit/fakeCamera.ts';

const ROOT = resolve(import.meta.dirname, '..');
const PACKAGE = '@vladmandic/face-api@1.7.15';
const CACHE = join(ROOT, 'node_modules', '.cache', 'faceprint-readme');
const SAMPLES = join(CACHE, 'package', 'demo');
const OUT = join(ROOT, 'docs', 'screens');
const PORT = 4190;
const BASE = `http://localhost:${PORT}`;

const PEOPLE_NAMES = ['Maya', 'Nora', 'Lena', 'Iris'];

function fetchSamples(): void {
  if (existsSync(join(SAMPLES, 'sample6.jpg'))) return;
  mkdirSync(CACHE, { recursive: true });
  execFileSync('npm', ['pack', PACKAGE, '--pack-destination', CACHE, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  tar.x({
    file: join(CACHE, 'vladmandic-face-api-1.7.15.tgz'),
    cwd: CACHE,
    sync: true,
    filter: (p) => /^package\/demo\/sample\d\.jpg$/.test(p),
  });
}

/** One portrait crop per detected face (the face box widened 3×), left to right. */
async function faceCrops(sample: string): Promise<Buffer[]> {
  const { models } = await loadNodeModels();
  const file = join(SAMPLES, sample);
  const image = await decodeImageFile(file);
  const faces = (await analyze(models, image, { embed: false })).sort((a, b) => a.box.x1 - b.box.x1);
  return Promise.all(
    faces.map((f) => {
      const w = f.box.x2 - f.box.x1;
      const cx = (f.box.x1 + f.box.x2) / 2;
      const cy = (f.box.y1 + f.box.y2) / 2;
      const side = Math.min(image.width, image.height, w * 3);
      const left = Math.round(Math.min(Math.max(0, cx - side / 2), image.width - side));
      const top = Math.round(Math.min(Math.max(0, cy - side / 2), image.height - side));
      return sharp(file)
        .rotate()
        .extract({ left, top, width: Math.round(side), height: Math.round(side) })
        .jpeg({ quality: 90 })
        .toBuffer();
    }),
  );
}

const CALIBRATION_NAMES = ['Ada', 'Ben', 'Cleo', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana'];

/**
 * Two photos of each of up to eight guests, for the calibration panel: the demo photos hold each
 * person once, so the second photo is the same face cropped closer, mirrored and darker. The panel
 * is what the shot shows; its numbers are no measurement.
 */
async function calibrationPhotos(work: string, crops: readonly Buffer[]): Promise<string> {
  const dir = join(work, 'calibration');
  for (const [i, crop] of crops.slice(0, CALIBRATION_NAMES.length).entries()) {
    const person = join(dir, CALIBRATION_NAMES[i]!);
    mkdirSync(person, { recursive: true });
    writeFileSync(join(person, 'a.jpg'), crop);
    const { width = 0, height = 0 } = await sharp(crop).metadata();
    const [w, h] = [Math.round(width * 0.8), Math.round(height * 0.8)];
    const closer = sharp(crop).extract({ left: Math.round((width - w) / 2), top: Math.round((height - h) / 2), width: w, height: h });
    writeFileSync(join(person, 'b.jpg'), await closer.flop().modulate({ brightness: 0.85 }).jpeg({ quality: 90 }).toBuffer());
  }
  return dir;
}

/** The CLI's gallery file of a folder of people, imported into the People gallery from the People screen. */
async function importFolder(page: Page, folder: string, name: string): Promise<void> {
  const file = join(folder, '..', `${name}.json`);
  execFileSync(process.execPath, ['bin/faceprint.js', 'enroll', '--gallery', file, folder], { cwd: ROOT, stdio: 'ignore' });
  await page.goto('/#/people');
  await page
    .getByTestId('gallery-import-input')
    .setInputFiles({ name: `${name}.json`, mimeType: 'application/json', buffer: readFileSync(file) });
  await expect(page.getByTestId('people-success')).toBeVisible({ timeout: 60_000 });
}

/** Settings' calibration panel, on the guests with two photos each. */
async function calibrationShot(page: Page, folder: string): Promise<void> {
  await importFolder(page, folder, 'calibration');
  await page.goto('/#/settings');
  const panel = page.getByTestId('calibration-panel');
  await expect(panel.getByTestId('calibration-histogram')).toBeVisible({ timeout: 60_000 });
  await panel.screenshot({ path: join(OUT, 'calibration.png') });
}

/** People's possible mix-ups: Ben's photo also enrolled as Ada (imported by name into Ada). */
async function conflictsShot(page: Page, work: string, crops: readonly Buffer[]): Promise<void> {
  const folder = join(work, 'planted');
  mkdirSync(join(folder, CALIBRATION_NAMES[0]!), { recursive: true });
  writeFileSync(join(folder, CALIBRATION_NAMES[0]!, 'c.jpg'), crops[1]!);
  await importFolder(page, folder, 'planted');
  await expect(page.getByTestId('conflict').first()).toBeVisible({ timeout: 60_000 });
  await page.waitForTimeout(500);
  await page.getByTestId('conflicts').screenshot({ path: join(OUT, 'conflicts.png') });
}

async function main(): Promise<void> {
  fetchSamples();
  const work = join(CACHE, 'work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  mkdirSync(OUT, { recursive: true });

  // People: the four friends of sample6. Celebrities: everyone in samples 1–5, one folder each.
  const friends = await faceCrops('sample6.jpg');
  const friendFiles = friends.map((crop, i) => {
    const path = join(work, `${PEOPLE_NAMES[i] ?? `Friend ${i + 1}`}.jpg`);
    writeFileSync(path, crop);
    return path;
  });
  const celebrities = join(work, 'celebrities');
  let guest = 0;
  const guestCrops: Buffer[] = [];
  for (const sample of ['sample1.jpg', 'sample2.jpg', 'sample3.jpg', 'sample4.jpg', 'sample5.jpg']) {
    for (const crop of await faceCrops(sample)) {
      guestCrops.push(crop);
      const dir = join(celebrities, `Guest ${String.fromCharCode(65 + guest++)}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'photo.jpg'), crop);
    }
  }
  const webcam = fakeCamera(friendFiles[1]!);

  execFileSync('npx', ['vite', 'build', '--outDir', 'dist-readme'], { cwd: ROOT, stdio: 'ignore' });
  const server = spawn('npx', ['vite', 'preview', '--outDir', 'dist-readme', '--port', String(PORT), '--strictPort'], {
    cwd: ROOT,
    stdio: 'ignore',
    detached: true,
  });
  const browser = await launchChromium({ cameraVideo: webcam });
  try {
    await new Promise((r) => setTimeout(r, 2000));
    const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const shot = (name: string) => page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    const ready = () => expect(page.getByTestId('backend')).toBeVisible({ timeout: 150_000 });

    // Enroll each friend from their photo.
    await page.goto('/#/enroll');
    await ready();
    await page.getByTestId('enroll-mode-photos').click();
    for (const [i, file] of friendFiles.entries()) {
      await page.getByTestId('enroll-drop-files').setInputFiles(file);
      await expect(page.getByTestId('enroll-shot')).toHaveCount(1, { timeout: 60_000 });
      await page.getByTestId('enroll-name').fill(PEOPLE_NAMES[i]!);
      await page.getByTestId('enroll-save').click();
      await expect(page.getByTestId('enroll-success')).toBeVisible();
      await page.getByRole('button', { name: 'Enroll someone else' }).click();
    }

    // Enroll: the webcam flow (the fake camera plays Nora's still photo, so one shot is kept and the
    // camera stops, asking for a few more angles).
    await page.getByTestId('enroll-mode-webcam').click();
    await page.getByTestId('enroll-start-camera').click();
    await expect(page.getByTestId('enroll-shot').first()).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('enroll-capture-done')).toBeVisible({ timeout: 150_000 });
    await shot('enroll');
    await page.getByTestId('enroll-start-over').click();

    // Identify: the group photo they came from, and a photo of strangers.
    await page.goto('/#/identify');
    await page.getByTestId('identify-drop-files').setInputFiles([join(SAMPLES, 'sample6.jpg'), join(SAMPLES, 'sample2.jpg')]);
    await expect(page.getByTestId('identify-result')).toHaveCount(2, { timeout: 120_000 });
    await page.waitForTimeout(500);
    await shot('identify');

    // Lookalike: the guests as celebrities, Lena as the selfie.
    await page.goto('/#/lookalike');
    await page.getByTestId('celebrity-drop-folder').setInputFiles(celebrities);
    await expect(page.getByTestId('celebrity-summary')).toBeVisible({ timeout: 180_000 });
    await page.getByTestId('selfie-drop-files').setInputFiles(friendFiles[2]!);
    await expect(page.getByTestId('lookalike-match')).toHaveCount(5, { timeout: 60_000 });
    await page.waitForTimeout(500);
    await shot('lookalike');

    // Compare: two of the friends.
    await page.goto('/#/compare');
    await page.getByTestId('compare-a-drop-files').setInputFiles(friendFiles[0]!);
    await page.getByTestId('compare-b-drop-files').setInputFiles(friendFiles[3]!);
    await expect(page.getByTestId('compare-similarity')).toBeVisible({ timeout: 60_000 });
    await page.waitForTimeout(500);
    await shot('compare');

    await page.goto('/#/people');
    await expect(page.getByTestId('person-card')).toHaveCount(PEOPLE_NAMES.length);
    await page.waitForTimeout(500);
    await shot('people');

    await page.goto('/#/settings');
    await shot('settings');

    const calibrationFolder = await calibrationPhotos(work, guestCrops);
    await calibrationShot(page, calibrationFolder);
    await conflictsShot(page, work, guestCrops);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/#/identify');
    await page.getByTestId('identify-drop-files').setInputFiles([join(SAMPLES, 'sample6.jpg')]);
    await expect(page.getByTestId('identify-result')).toHaveCount(1, { timeout: 120_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(OUT, 'identify-phone.png') });
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid);
    rmSync(join(ROOT, 'dist-readme'), { recursive: true, force: true });
  }
  console.log(`screenshots written to ${OUT}`);
}

await main();
