/**
 * People screen end to end: a gallery file made by the CLI is imported, browsed, renamed, merged,
 * deleted with Undo, exported and imported back, in real IndexedDB; bad files change nothing, and the
 * two galleries stay apart.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { encodeEmbedding, parseGallery } from '../src/core/formats/galleryFile.ts';
import { cliGallery, jsonFile, type JsonFile } from './galleries.ts';
import { fixture } from '../testkit/fixtures.ts';
import { requireFixtures, screenshot } from './support.ts';

const cards = (page: Page): Locator => page.getByTestId('person-card');
const card = (page: Page, name: string): Locator => page.locator(`[data-testid="person-card"][data-person-name="${name}"]`);

async function expectPeople(page: Page, people: Record<string, number>): Promise<void> {
  await expect(cards(page)).toHaveCount(Object.keys(people).length);
  for (const [name, samples] of Object.entries(people)) {
    await expect(card(page, name).getByTestId('person-sample-count')).toHaveText(`${samples} sample${samples === 1 ? '' : 's'}`);
  }
}

/** Every <img> matched has decoded to a real picture. */
async function expectImagesLoaded(images: Locator): Promise<void> {
  const count = await images.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    await expect.poll(() => images.nth(i).evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0))).toBeGreaterThan(0);
  }
}

async function importFile(page: Page, file: string | JsonFile): Promise<void> {
  await page.getByTestId('gallery-import-input').setInputFiles(file);
}

async function openPerson(page: Page, name: string): Promise<void> {
  await card(page, name).click();
  await expect(page.getByTestId('person-detail-name')).toHaveText(name);
}

test.describe('People screen', () => {
  requireFixtures();

  test('import a CLI gallery, rename, delete with Undo, export, clear and import it back', async ({ page }, testInfo) => {
    const cli = cliGallery(testInfo);
    await page.goto('/#/people');
    await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();

    await test.step('empty gallery points to Enroll and Lookalike', async () => {
      const empty = page.getByTestId('people-empty');
      await expect(empty).toBeVisible();
      await expect(empty.getByRole('link', { name: 'Enroll people' })).toHaveAttribute('href', '#/enroll');
      await expect(empty.getByRole('link', { name: 'Try Lookalike' })).toHaveAttribute('href', '#/lookalike');
      await expect(page.getByTestId('gallery-export')).toBeDisabled();
      await screenshot(page, testInfo, 'people-empty');
    });

    await test.step('import the CLI file: two people with sample counts and thumbnails', async () => {
      await importFile(page, cli.file);
      await expect(page.getByTestId('people-success')).toHaveText('Imported 2 people (2 new, 0 merged), 3 samples.');
      await expectPeople(page, { 'Barack Obama': 2, 'Joe Biden': 1 });
      await expect(page.getByTestId('person-name')).toHaveText(['Barack Obama', 'Joe Biden']);
      await expectImagesLoaded(page.getByTestId('person-thumbnail'));
      await expect(page.getByTestId('gallery-tab-people')).toContainText('2');
      await screenshot(page, testInfo, 'people-imported');
    });

    await test.step("a person's samples show thumbnail, source, pose and date", async () => {
      await openPerson(page, 'Barack Obama');
      await expect(page.getByTestId('person-detail-name')).toBeFocused();
      const samples = page.getByTestId('sample');
      await expect(samples).toHaveCount(2);
      await expect(page.getByTestId('sample-source')).toHaveText(['Barack_Obama/obama1.jpg', 'Barack_Obama/obama2.jpg']);
      await expect(page.getByTestId('sample-pose').first()).toContainText('yaw');
      await expect(samples.first().locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
      await expectImagesLoaded(page.getByTestId('sample-thumbnail'));
      await screenshot(page, testInfo, 'person-detail');
    });

    await test.step('rename: a clash is refused with a merge suggestion; a new name is saved', async () => {
      await page.getByTestId('rename-start').click();
      const input = page.getByTestId('rename-input');
      await expect(input).toBeFocused();
      await input.fill('joe biden');
      await input.press('Enter');
      await expect(page.getByTestId('rename-error')).toContainText('"Joe Biden" is already in this gallery: merge the two people instead.');
      await expect(page.getByTestId('rename-merge')).toHaveText('Merge into Joe Biden…');
      await screenshot(page, testInfo, 'rename-clash');
      await input.fill('Barack H. Obama');
      await input.press('Enter');
      await expect(page.getByTestId('person-detail-name')).toHaveText('Barack H. Obama');
      await page.getByTestId('person-back').click();
      await expectPeople(page, { 'Barack H. Obama': 2, 'Joe Biden': 1 });
    });

    await test.step('delete a person, then Undo brings them back', async () => {
      await openPerson(page, 'Joe Biden');
      await page.getByTestId('person-delete').click();
      await expect(page.getByTestId('undo-banner')).toContainText('Deleted Joe Biden (1 sample).');
      await expectPeople(page, { 'Barack H. Obama': 2 });
      await screenshot(page, testInfo, 'undo-banner');
      await page.getByTestId('undo-button').click();
      await expect(page.getByTestId('undo-banner')).toHaveCount(0);
      await expect(page.getByTestId('people-success')).toHaveText('Joe Biden is back.');
      await expectPeople(page, { 'Barack H. Obama': 2, 'Joe Biden': 1 });
    });

    await test.step('a deleted person stays gone after a reload', async () => {
      await openPerson(page, 'Joe Biden');
      await page.getByTestId('person-delete').click();
      await expectPeople(page, { 'Barack H. Obama': 2 });
      await page.reload();
      await expectPeople(page, { 'Barack H. Obama': 2 });
      await expect(card(page, 'Joe Biden')).toHaveCount(0);
    });

    let exportedText = '';
    await test.step('export: the file parses and holds the same person and embeddings', async () => {
      const downloading = page.waitForEvent('download');
      await page.getByTestId('gallery-export').click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/^faceprint-people-\d{4}-\d{2}-\d{2}\.json$/);
      const saved = testInfo.outputPath(download.suggestedFilename());
      await download.saveAs(saved);
      exportedText = readFileSync(saved, 'utf8');
      const exported = parseGallery(exportedText);
      expect(exported.people.map((p) => p.name)).toEqual(['Barack H. Obama']);
      const original = cli.gallery.people.find((p) => p.name === 'Barack Obama');
      const person = exported.people[0];
      expect(person?.id).toBe(original?.id);
      expect(person?.samples.map((s) => s.id)).toEqual(original?.samples.map((s) => s.id));
      expect(person?.samples.map((s) => encodeEmbedding(s.embedding))).toEqual(original?.samples.map((s) => encodeEmbedding(s.embedding)));
      expect(person?.samples.every((s) => s.thumbnail?.startsWith('data:image/jpeg;base64,'))).toBe(true);
      await expect(page.getByTestId('people-success')).toContainText('Exported 1 person to faceprint-people-');
    });

    await test.step('delete everyone (confirmed), then import the export: the same person is back', async () => {
      await page.getByTestId('gallery-clear').click();
      const dialog = page.getByTestId('clear-dialog');
      await expect(dialog).toBeVisible();
      await expect(dialog).toContainText('This removes 1 person and 2 samples');
      await screenshot(page, testInfo, 'clear-confirm');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toHaveCount(0);
      await expectPeople(page, { 'Barack H. Obama': 2 });

      await page.getByTestId('gallery-clear').click();
      await page.getByTestId('clear-dialog-confirm').click();
      await expect(page.getByTestId('people-empty')).toBeVisible();
      await expect(page.getByTestId('undo-banner')).toContainText('Deleted everyone in People (1 person).');

      // The import is a newer change: its message replaces the Undo offer, which no longer applies.
      await importFile(page, jsonFile('exported.json', exportedText));
      await expect(page.getByTestId('people-success')).toHaveText('Imported 1 person (1 new, 0 merged), 2 samples.');
      await expect(page.getByTestId('undo-banner')).toHaveCount(0);
      await expectPeople(page, { 'Barack H. Obama': 2 });
      await expectImagesLoaded(page.getByTestId('person-thumbnail'));

      // The same file again adds nothing: samples already in the gallery are skipped.
      await importFile(page, jsonFile('exported.json', exportedText));
      await expect(page.getByTestId('people-success')).toHaveText(
        'Imported 1 person (0 new, 0 merged), 0 samples: everything in this file was already in the gallery.',
      );
      await expectPeople(page, { 'Barack H. Obama': 2 });
    });

    await test.step('phone width', async () => {
      await page.setViewportSize({ width: 360, height: 740 });
      await screenshot(page, testInfo, 'people-phone');
      await openPerson(page, 'Barack H. Obama');
      await screenshot(page, testInfo, 'person-detail-phone');
    });
  });

  test('galleries are separate; merge and sample delete with Undo; bad files change nothing', async ({ page }, testInfo) => {
    const cli = cliGallery(testInfo);
    await page.goto('/#/people');
    await importFile(page, cli.file);
    await expectPeople(page, { 'Barack Obama': 2, 'Joe Biden': 1 });

    await test.step('the Celebrities tab is its own gallery', async () => {
      await page.getByTestId('gallery-tab-celebrities').click();
      await expect(page.getByTestId('gallery-tab-celebrities')).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByTestId('people-empty')).toBeVisible();
      await expect(page.getByTestId('people-empty-add')).toHaveAttribute('href', '#/lookalike');
      await importFile(page, cli.file);
      await expect(page.getByTestId('people-success')).toHaveText('Imported 2 people (2 new, 0 merged), 3 samples.');
      await expectPeople(page, { 'Barack Obama': 2, 'Joe Biden': 1 });
    });

    await test.step('merge, then Undo brings both people back as they were', async () => {
      await openPerson(page, 'Joe Biden');
      await page.getByTestId('merge-start').click();
      await page.getByTestId('merge-dialog').getByLabel('Merge into').selectOption({ label: 'Barack Obama (2 samples)' });
      await page.getByTestId('merge-dialog-confirm').click();
      // Keyboard focus on the banner pauses its countdown (10 s) for the checks and the screenshot.
      await page.getByTestId('undo-button').focus();
      const banner = page.getByTestId('undo-banner');
      await expect(banner).toContainText('Merged Joe Biden into Barack Obama: 1 sample moved.');
      await expect(page.getByTestId('person-detail-count')).toHaveText('3 samples');
      await page.screenshot({ path: testInfo.outputPath('merge-undo.png'), fullPage: true });
      await page.keyboard.press('Enter');
      await expect(banner).toHaveCount(0);
      await expect(page.getByTestId('people-success')).toHaveText('Joe Biden is back, with their 1 sample.');
      await expect(page.getByTestId('person-detail-count')).toHaveText('2 samples');
      await page.getByTestId('person-back').click();
      await expectPeople(page, { 'Barack Obama': 2, 'Joe Biden': 1 });
      await openPerson(page, 'Joe Biden');
      await expect(page.getByTestId('sample-source')).toHaveText(['Joe_Biden/biden1.jpg']);
      await page.getByTestId('person-back').click();
    });

    await test.step('merge Joe Biden into Barack Obama (choose the target, confirm)', async () => {
      await openPerson(page, 'Joe Biden');
      await page.getByTestId('merge-start').click();
      const dialog = page.getByTestId('merge-dialog');
      await expect(dialog).toBeVisible();
      await dialog.getByLabel('Merge into').selectOption({ label: 'Barack Obama (2 samples)' });
      await expect(page.getByTestId('merge-summary')).toContainText(
        '1 sample of Joe Biden will move to Barack Obama, who will then have 3 samples.',
      );
      await screenshot(page, testInfo, 'merge-dialog');
      await page.getByTestId('merge-dialog-confirm').click();
      await expect(dialog).toHaveCount(0);
      await expect(page.getByTestId('person-detail-name')).toHaveText('Barack Obama');
      await expect(page.getByTestId('sample')).toHaveCount(3);
      await expect(page.getByTestId('person-detail-count')).toHaveText('3 samples');
    });

    await test.step('delete one sample, then Undo puts it back', async () => {
      await page.getByTestId('sample-delete').last().click();
      await expect(page.getByTestId('undo-banner')).toContainText('Deleted a sample of Barack Obama.');
      await expect(page.getByTestId('sample')).toHaveCount(2);
      await page.getByTestId('undo-button').click();
      await expect(page.getByTestId('sample')).toHaveCount(3);
      await expect(page.getByTestId('sample-source')).toHaveText([
        'Barack_Obama/obama1.jpg',
        'Barack_Obama/obama2.jpg',
        'Joe_Biden/biden1.jpg',
      ]);
      await page.getByTestId('person-back').click();
      await expectPeople(page, { 'Barack Obama': 3 });
    });

    await test.step('the People gallery did not change', async () => {
      await page.getByTestId('gallery-tab-people').click();
      await expectPeople(page, { 'Barack Obama': 2, 'Joe Biden': 1 });
    });

    await test.step('a hostile file, a non-JSON file and a file with one bad embedding are refused whole', async () => {
      const hostile = '{"format":"faceprint-gallery","version":1,"people":[{"name":"x","samples":[{"embedding":"AAAA"}]}]}';
      await importFile(page, jsonFile('hostile.json', hostile));
      const error = page.getByTestId('people-error');
      await expect(error).toContainText('“hostile.json” was not imported:');
      await expect(error).toContainText('Nothing in the gallery was changed.');
      await expect(error).toHaveAttribute('role', 'alert');
      await expectPeople(page, { 'Barack Obama': 2, 'Joe Biden': 1 });

      await importFile(page, fixture('people', 'obama', 'obama3.jpg'));
      await expect(error).toHaveText(
        '“obama3.jpg” was not imported: it is not a Faceprint gallery file (the file is not JSON). Nothing in the gallery was changed.',
      );
      await expectPeople(page, { 'Barack Obama': 2, 'Joe Biden': 1 });
      await screenshot(page, testInfo, 'import-error');

      // Valid up to the last sample: the first (new) person must not be imported either.
      const doc = JSON.parse(cli.file.buffer.toString('utf8')) as {
        people: { name: string; samples: { id: string; embedding: string }[] }[];
      };
      doc.people.forEach((p, i) => {
        p.name = `Stranger ${i + 1}`;
        p.samples.forEach((s) => (s.id = `${s.id}-copy`));
      });
      const last = doc.people.at(-1)?.samples.at(-1);
      if (!last) throw new Error('the CLI gallery has no samples');
      last.embedding = encodeEmbedding(new Float32Array(512).fill(0.5));
      await importFile(page, jsonFile('one-bad-embedding.json', JSON.stringify(doc)));
      await expect(error).toContainText('“one-bad-embedding.json” was not imported:');
      await expect(error).toContainText('not unit length');
      await expectPeople(page, { 'Barack Obama': 2, 'Joe Biden': 1 });
      await expect(page.getByTestId('gallery-tab-celebrities')).toContainText('1');
    });

    await test.step('the filter narrows the list', async () => {
      const filter = page.getByTestId('people-filter');
      await filter.fill('bid');
      await expect(page.getByTestId('person-name')).toHaveText(['Joe Biden']);
      await filter.fill('nobody');
      await expect(page.getByTestId('people-no-matches')).toBeVisible();
      await page.getByTestId('people-no-matches').getByRole('button', { name: 'Clear the filter' }).click();
      await expectPeople(page, { 'Barack Obama': 2, 'Joe Biden': 1 });
    });
  });
});
