/**
 * People → possible mix-ups: a photo of Joe Biden enrolled as Barack Obama (with three of Obama's) is
 * found, moved to Biden with one click (the list empties) and put back with Undo; "They are different
 * people" silences the pair, also after a reload.
 */
import { expect, test, type Page } from '@playwright/test';
import { galleryFromFixtures, importIntoPeople } from './fixtureGalleries.ts';
import { requireFixtures, screenshot, waitForEngine } from './support.ts';

const PLANTED = {
  Barack_Obama: ['obama/obama1.jpg', 'obama/obama2.jpg', 'obama/obama3.jpg', 'biden/biden1.jpg'],
  Joe_Biden: ['biden/biden2.jpg'],
};

const conflicts = (page: Page) => page.getByTestId('conflict');
const sampleCount = (page: Page, name: string) =>
  page.locator(`[data-testid="person-card"][data-person-name="${name}"]`).getByTestId('person-sample-count');

test.describe('possible mix-ups', () => {
  requireFixtures();

  test('a photo under the wrong name is found, moved with Undo; a dismissed pair stays dismissed', async ({ page }, testInfo) => {
    await importIntoPeople(page, galleryFromFixtures(testInfo, 'planted', PLANTED));
    // The worker answers gallery calls between model-loading steps: settle first, so the Undo offer's countdown is not spent waiting.
    await waitForEngine(page);
    const notice = page.getByTestId('conflicts-notice');

    await test.step('both mix-ups listed, with the two faces and the similarity; the notice jumps to them', async () => {
      await expect(notice).toContainText('2 possible mix-ups');
      await expect(conflicts(page)).toHaveCount(2);
      const people = page.locator('[data-testid="conflict"][data-conflict-type="people"]');
      const sample = page.locator('[data-testid="conflict"][data-conflict-type="sample"]');
      await expect(people.getByTestId('conflict-title')).toHaveText('Barack Obama and Joe Biden look alike');
      await expect(sample.getByTestId('conflict-title')).toHaveText('A sample of Barack Obama looks like Joe Biden');
      await expect(sample.getByRole('img', { name: 'The sample filed under Barack Obama' })).toBeVisible();
      await expect(sample.getByRole('img', { name: 'A sample of Joe Biden' })).toBeVisible();
      const similarity = Number(await sample.getByTestId('conflict-similarity').textContent());
      expect(similarity).toBeGreaterThanOrEqual(0.48);
      await notice.getByRole('button', { name: '2 possible mix-ups' }).click();
      await expect(page.getByRole('heading', { name: 'Possible mix-ups' })).toBeFocused();
      await screenshot(page, testInfo, 'conflicts');
    });

    await test.step('Move the sample to Joe Biden: the list empties', async () => {
      await page.getByRole('button', { name: 'Move to Joe Biden: the sample of Barack Obama' }).click();
      const banner = page.getByTestId('undo-banner');
      await expect(banner).toContainText('Moved a sample of Barack Obama to Joe Biden.');
      // The pointer rests on the offer (which pauses its countdown) while the rest is checked.
      await banner.hover();
      await expect(conflicts(page)).toHaveCount(0);
      await expect(page.getByTestId('conflicts-none')).toHaveText('No possible mix-ups left.');
      await expect(page.getByRole('heading', { name: 'Possible mix-ups' })).toBeFocused();
      await expect(notice).toHaveCount(0);
      await expect(sampleCount(page, 'Barack Obama')).toHaveText('3 samples');
      await expect(sampleCount(page, 'Joe Biden')).toHaveText('2 samples');
    });

    await test.step('Undo brings the mix-up back', async () => {
      await page.getByTestId('undo-button').click();
      await expect(page.getByTestId('people-success')).toHaveText('The sample is back with Barack Obama.');
      await expect(conflicts(page)).toHaveCount(2);
      await expect(sampleCount(page, 'Barack Obama')).toHaveText('4 samples');
      await expect(sampleCount(page, 'Joe Biden')).toHaveText('1 sample');
    });

    await test.step('"They are different people" silences the pair, also after a reload', async () => {
      await page.getByRole('button', { name: 'They are different people: Barack Obama and Joe Biden' }).click();
      await expect(page.getByTestId('people-info')).toContainText('Barack Obama and Joe Biden are marked as different people');
      await expect(conflicts(page)).toHaveCount(1);
      await expect(conflicts(page)).toHaveAttribute('data-conflict-type', 'sample');
      // Focus moves on to the conflict that is left.
      await expect(conflicts(page).getByTestId('conflict-title')).toBeFocused();
      await expect(notice).toContainText('1 possible mix-up');
      await page.reload();
      await expect(notice).toContainText('1 possible mix-up');
      await expect(conflicts(page)).toHaveCount(1);
      await expect(conflicts(page)).toHaveAttribute('data-conflict-type', 'sample');
    });
  });
});
