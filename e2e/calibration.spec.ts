/**
 * Settings → "Check the threshold on your people": an empty gallery is too small to say; five fixture
 * people with 2–4 photos each give both histograms, the counts in words and a suggestion with its rule,
 * applied with one click and undone with another.
 */
import { expect, test } from '@playwright/test';
import { galleryFromFixtures, importIntoPeople } from './fixtureGalleries.ts';
import { requireFixtures, screenshot } from './support.ts';

const FIVE_PEOPLE = {
  Barack_Obama: ['obama/obama1.jpg', 'obama/obama2.jpg', 'obama/obama3.jpg', 'obama/obama4.jpg'],
  Joe_Biden: ['biden/biden1.jpg', 'biden/biden2.jpg'],
  Alex_Lacamoire: ['alex_lacamoire/alex1.png', 'alex_lacamoire/alex2.jpg', 'alex_lacamoire/alex3.jpg'],
  Kit_Harington: ['kit_harington/kit1.jpg', 'kit_harington/kit2.jpg', 'kit_harington/kit3.jpg'],
  Rose_Leslie: ['rose_leslie/rose1.jpg', 'rose_leslie/rose2.jpg'],
};
// Pairs within each person: 6 + 1 + 3 + 3 + 1; each of the 14 photos against the 4 other people.
const SAME_PERSON = 14;
const LOOK_ALIKE = 14 * 4;

test.describe('threshold calibration', () => {
  requireFixtures();

  test('too small to say, then histograms, numbers and a suggestion applied and undone', async ({ page }, testInfo) => {
    const gallery = galleryFromFixtures(testInfo, 'five-people', FIVE_PEOPLE);
    const panel = page.getByTestId('calibration-panel');
    const thresholdValue = page.getByTestId('setting-threshold-value');

    await test.step('an empty gallery: too small to say, the default kept, nothing to apply', async () => {
      await page.goto('/#/settings');
      await expect(panel.getByRole('heading', { name: 'Check the threshold on your people' })).toBeVisible();
      await expect(panel.getByTestId('calibration-too-small')).toContainText('Too small to say: 0 people have at least 2 samples');
      await expect(panel.getByTestId('calibration-too-small')).toContainText('The default threshold is kept');
      await expect(panel.getByTestId('calibration-apply')).toHaveCount(0);
      await expect(panel.getByTestId('calibration-histogram')).toHaveCount(0);
    });

    await importIntoPeople(page, gallery);
    await page.goto('/#/settings');

    await test.step('both histograms with the threshold, and the counts in words', async () => {
      await expect(panel.getByTestId('calibration-summary')).toHaveText(
        new RegExp(
          `^At 0\\.48, \\d+ of ${LOOK_ALIKE} look-alike comparisons would be named wrongly, \\d+ of ${SAME_PERSON} same-person comparisons would be missed\\.$`,
        ),
      );
      const histogram = panel.getByTestId('calibration-histogram');
      await expect(histogram.getByRole('img', { name: /Same-person and look-alike similarity scores/ })).toBeVisible();
      expect(await histogram.getByTestId('histogram-bar-genuine').count()).toBeGreaterThan(0);
      expect(await histogram.getByTestId('histogram-bar-impostor').count()).toBeGreaterThan(0);
      await expect(histogram.getByTestId('histogram-threshold')).toHaveCount(1);
      await expect(histogram).toContainText(`Same person (${SAME_PERSON})`);
      await expect(histogram).toContainText(`Look-alike (${LOOK_ALIKE})`);
      // The table alternative adds up to the same totals.
      await histogram.getByText('The scores as a table').click();
      const rows = histogram.getByTestId('calibration-table').locator('tbody tr');
      const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent))));
      expect(cells.reduce((sum, [g = 0]) => sum + g, 0)).toBe(SAME_PERSON);
      expect(cells.reduce((sum, [, i = 0]) => sum + i, 0)).toBe(LOOK_ALIKE);
      await expect(panel.getByTestId('calibration-too-small')).toHaveCount(0);
    });

    await test.step('lower the threshold: the words follow it', async () => {
      const slider = page.getByTestId('setting-threshold');
      for (let i = 0; i < 8; i++) await slider.press('ArrowLeft');
      await expect(thresholdValue).toHaveText('0.40');
      await expect(panel.getByTestId('calibration-summary')).toContainText('At 0.40,');
    });

    let suggested = '';
    await test.step('the suggestion with its rule, applied with one click', async () => {
      await expect(panel.getByTestId('calibration-rule')).toContainText('Never lower than the default');
      suggested = (await panel.getByTestId('calibration-suggested').textContent()) ?? '';
      expect(Number(suggested)).toBeGreaterThanOrEqual(0.48);
      await screenshot(page, testInfo, 'calibration');
      await panel.getByRole('button', { name: `Use ${suggested} as the threshold` }).click();
      await expect(thresholdValue).toHaveText(suggested);
      await expect(panel.getByTestId('calibration-status')).toContainText(`Threshold set to ${suggested} (it was 0.40).`);
      await expect(panel.getByTestId('calibration-undo')).toBeFocused();
      await expect(panel.getByTestId('calibration-summary')).toContainText(`At ${suggested},`);
      await expect(panel.getByTestId('calibration-apply')).toHaveCount(0);
    });

    await test.step('Undo puts the previous threshold back, and it is kept across a reload', async () => {
      await panel.getByTestId('calibration-undo').click();
      await expect(thresholdValue).toHaveText('0.40');
      await expect(panel.getByTestId('calibration-status')).toContainText('Threshold back to 0.40.');
      await expect(panel.getByTestId('calibration-apply')).toBeFocused();
      await page.reload();
      await expect(thresholdValue).toHaveText('0.40');
      await expect(panel.getByTestId('calibration-suggested')).toHaveText(suggested);
    });
  });
});
