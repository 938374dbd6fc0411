/**
 * Faces screen end to end: a folder of the fixture portraits is grouped into people (real models,
 * real IndexedDB); a group is named and appears in People; merge, remove and ignore are undone; a
 * face opens in its photo; and faces of people already enrolled go under them and can be added.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { fixture } from '../testkit/fixtures.ts';
import { cliGallery } from './galleries.ts';
import { requireFixtures, screenshot, waitForEngine } from './support.ts';

requireFixtures();

/** The person a fixture path belongs to: "people/obama/obama1.jpg" → "obama". */
const personOf = (path: string): string => path.split('/').at(-2) ?? path;

const groups = (page: Page): Locator => page.locator('[data-testid="faces-group"][data-status="open"]');

/** Each open group's files, as the user sees them (each face's photo), in screen order. */
async function groupFiles(page: Page): Promise<string[][]> {
  return groups(page).evaluateAll((els) =>
    els.map((el) => [...el.querySelectorAll('[data-testid="faces-face"]')].map((f) => f.getAttribute('data-file') ?? '')),
  );
}

/** The open group whose faces are all of `person`. */
async function groupOf(page: Page, person: string): Promise<Locator> {
  const all = await groupFiles(page);
  const at = all.findIndex((files) => files.length > 0 && files.every((f) => personOf(f) === person));
  expect(at, `a group of ${person}`).toBeGreaterThanOrEqual(0);
  return groups(page).nth(at);
}

async function dropPeopleFolder(page: Page): Promise<void> {
  await page.goto('/#/faces');
  await expect(page.getByRole('heading', { level: 1, name: 'Faces' })).toBeVisible();
  await waitForEngine(page);
  await page.getByTestId('faces-drop-folder').setInputFiles(fixture('people'));
  const progress = page.getByTestId('faces-progress');
  await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
  await expect(progress).toHaveAttribute('data-done', '15');
  await expect(page.getByTestId('faces-progress-text')).toContainText('grouped from 15 photos');
}

test('a folder of portraits grouped into people: remove, merge and ignore with Undo, a face in its photo, naming enrols', async ({
  page,
}, testInfo) => {
  await dropPeopleFolder(page);
  await expect(page.getByTestId('faces-rule')).toContainText('at least 0.50 alike');

  await test.step('one group per person, none mixing two people', async () => {
    const all = await groupFiles(page);
    for (const files of all) expect(new Set(files.map(personOf)).size, files.join(', ')).toBe(1);
    const byPerson = Object.fromEntries(all.map((files) => [personOf(files[0]!), files.map((f) => f.split('/').at(-1)).sort()]));
    expect(byPerson.obama).toEqual(['obama1.jpg', 'obama2.jpg', 'obama3.jpg', 'obama4.jpg']);
    expect(byPerson.biden).toEqual(['biden1.jpg', 'biden2.jpg']);
    expect(byPerson.alex_lacamoire).toHaveLength(3);
    // Largest first.
    const sizes = all.map((files) => files.length);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(sizes[0]).toBe(4);
    // Lin Manuel Miranda has one photo: like no one else.
    const others = page.getByTestId('faces-others');
    await expect(others.locator('[data-testid="faces-face"][data-file$="lin1.png"]')).toHaveCount(1);
    await expect(page.getByTestId('faces-summary')).toContainText(`${all.length} groups to name`);
    await screenshot(page, testInfo, 'faces-groups');
  });

  const obama = await groupOf(page, 'obama');
  const othersCount = Number(await page.getByTestId('faces-others').getAttribute('data-count'));

  await test.step('remove a face: it goes to others; Undo puts it back', async () => {
    await obama.getByRole('button', { name: /^Remove face 2 / }).click();
    await expect(obama).toHaveAttribute('data-count', '3');
    await expect(page.getByTestId('faces-others')).toHaveAttribute('data-count', String(othersCount + 1));
    // Focus moves to the next face's Remove button, so several can be removed in a row.
    await expect(obama.getByRole('button', { name: /^Remove face 2 / })).toBeFocused();
    await expect(page.getByTestId('undo-banner')).toContainText('Removed a face from Group 1');
    await page.getByTestId('undo-button').click();
    await expect(obama).toHaveAttribute('data-count', '4');
    await expect(page.getByTestId('faces-others')).toHaveAttribute('data-count', String(othersCount));
  });

  await test.step('merge two groups, then Undo', async () => {
    const before = await groups(page).count();
    const biden = await groupOf(page, 'biden');
    const bidenTitle = (await biden.locator('h3').innerText()).split('·')[0]!.trim();
    await obama.getByTestId('faces-merge-target').selectOption({ label: `${bidenTitle} (2 faces)` });
    await obama.getByTestId('faces-merge').click();
    await expect(groups(page)).toHaveCount(before - 1);
    await expect(obama).toHaveAttribute('data-count', '6');
    await expect(obama.locator('h3')).toBeFocused();
    await expect(page.getByTestId('undo-banner')).toContainText(`Merged ${bidenTitle} into Group 1.`);
    await page.getByTestId('undo-button').click();
    await expect(groups(page)).toHaveCount(before);
    await expect(obama).toHaveAttribute('data-count', '4');
    await expect((await groupOf(page, 'biden')).getByTestId('faces-face')).toHaveCount(2);
  });

  await test.step('ignore a group, then Undo', async () => {
    const before = await groups(page).count();
    const alex = await groupOf(page, 'alex_lacamoire');
    await alex.getByTestId('faces-ignore').click();
    await expect(groups(page)).toHaveCount(before - 1);
    await expect(page.getByTestId('faces-summary')).toContainText('1 group ignored');
    await page.getByTestId('undo-button').click();
    await expect(groups(page)).toHaveCount(before);
  });

  await test.step('a face opens in its photo with its box; Escape closes and focus returns', async () => {
    const face = obama.locator('.faces-face-open').first();
    await face.click();
    const dialog = page.getByTestId('faces-photo-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.locator('.face-overlay .face-mark')).toHaveCount(1);
    await expect
      .poll(() => dialog.locator('img').evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)))
      .toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(face).toBeFocused();
  });

  await test.step('name a group: its best faces are enrolled and it shows as done', async () => {
    const best = await obama.locator('[data-testid="faces-face"][data-best]').count();
    expect(best).toBe(4);
    await obama.getByTestId('faces-name-input').fill('Barack Obama');
    await obama.getByTestId('faces-name-save').click();
    const done = page.locator('[data-testid="faces-group"][data-status="named"]');
    await expect(done.getByTestId('faces-group-done')).toHaveText('Enrolled 4 faces as Barack Obama. See People');
    await expect(page.getByTestId('faces-announce')).toHaveText('Enrolled 4 faces as Barack Obama.');
    await screenshot(page, testInfo, 'faces-named');
    await done.getByRole('link', { name: 'See People' }).click();
    const card = page.locator('[data-testid="person-card"][data-person-name="Barack Obama"]');
    await expect(card.getByTestId('person-sample-count')).toHaveText('4 samples');
  });
});

test('faces of people already enrolled go under them, and Add puts the best into their samples', async ({ page }, testInfo) => {
  const cli = cliGallery(testInfo);
  await page.goto('/#/people');
  await page.getByTestId('gallery-import-input').setInputFiles(cli.file);
  await expect(page.locator('[data-testid="person-card"][data-person-name="Barack Obama"]').getByTestId('person-sample-count')).toHaveText(
    '2 samples',
  );

  await dropPeopleFolder(page);
  const obama = page.locator('[data-testid="faces-matched"][data-person="Barack Obama"]');
  await expect(obama).toContainText('4 more photos of Barack Obama — add the best 4 to Barack Obama');
  const files = await obama.getByTestId('faces-face').evaluateAll((els) => els.map((e) => e.getAttribute('data-file')?.split('/').at(-1)));
  expect(files.sort()).toEqual(['obama1.jpg', 'obama2.jpg', 'obama3.jpg', 'obama4.jpg']);
  await expect(page.locator('[data-testid="faces-matched"][data-person="Joe Biden"]').getByTestId('faces-face')).toHaveCount(2);
  // Neither is left in a group.
  for (const person of await groupFiles(page)) expect(person.map(personOf)).not.toContain('obama');

  await obama.getByTestId('faces-matched-add').click();
  await expect(obama.getByTestId('faces-matched-done')).toHaveText('Added 4 samples to Barack Obama. See People');
  await expect(obama.getByTestId('faces-matched-done')).toBeFocused();
  await screenshot(page, testInfo, 'faces-matched');
  await obama.getByRole('link', { name: 'See People' }).click();
  await expect(page.locator('[data-testid="person-card"][data-person-name="Barack Obama"]').getByTestId('person-sample-count')).toHaveText(
    '6 samples',
  );
});
