/**
 * Storage full, in Firefox, whose profile can set a small storage limit (Chromium's DevTools quota
 * override is accepted but not applied: see e2e/keepData.spec.ts). Firefox gives a site (a group) a
 * fifth of its temporary-storage limit, `dom.quotaManager.temporaryStorage.fixedLimit` (KiB), read at
 * start-up: so the first session stores the offline copy, the models and one person, and the second,
 * on the same profile, starts with a limit a few samples above what is used. Enrolment then fails
 * with a clear message, keeps the shot and the name, Settings shows the quota, and after a reload
 * everything saved before is there and nothing of the failed one.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bytesText } from '../../src/core/text.ts';
import { MODEL_LIST } from '../../src/models.ts';
import { STORAGE_FULL } from '../../src/storage/errors.ts';
import { fixture } from '../../testkit/fixtures.ts';
import { waitFor, type Driver } from '../driver.ts';
import { check, openScreen, peopleNames, UI_TIMEOUT, type SpecContext } from './context.ts';
import { enrollFromPhotos } from './enroll.ts';

/** A spec that starts its own browser sessions (on a profile of its own) instead of the shared one. */
export interface OwnProfileSpec {
  readonly name: string;
  readonly run: (context: OwnProfileContext) => Promise<void>;
}

export interface OwnProfileContext extends Omit<SpecContext, 'driver'> {
  /** Starts the browser on `profile` (kept when it quits) with these preferences on top of the suite's. */
  readonly launch: (profile: string, prefs: Record<string, boolean | string | number>) => Promise<Driver>;
}

/** Room left above what is used: a few samples (an embedding and a small thumbnail each). */
const MARGIN_BYTES = 64 * 1024;

/** Persistent storage would lift the site's limit to the whole limit: the prompt answers "no", unattended. */
const DENY_PERSISTENCE = { 'dom.storageManager.prompt.testing': true, 'dom.storageManager.prompt.testing.allow': false };

const PHOTOS = [
  ['obama', 'obama1.jpg'],
  ['biden', 'biden1.jpg'],
  ['kit_harington', 'kit1.jpg'],
  ['rose_leslie', 'rose1.jpg'],
  ['alex_lacamoire', 'alex2.jpg'],
  ['lin_manuel_miranda', 'lin1.png'],
  ['obama', 'obama2.jpg'],
  ['biden', 'biden2.jpg'],
  ['kit_harington', 'kit2.jpg'],
  ['rose_leslie', 'rose2.jpg'],
  ['alex_lacamoire', 'alex3.jpg'],
  ['obama', 'obama3.jpg'],
] as const;

interface Estimate {
  readonly usage: number;
  readonly quota: number;
}

const estimate = (driver: Driver): Promise<Estimate> =>
  driver.run<Estimate>(`const e = await navigator.storage.estimate(); return { usage: e.usage ?? 0, quota: e.quota ?? 0 };`);

/** Dismisses the success notice, so that the next wait reads the next save's outcome. */
async function enrollSomeoneElse(driver: Driver): Promise<void> {
  await driver.run(
    `const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Enroll someone else');
     if (!button) throw new Error('no "Enroll someone else" button');
     button.click();`,
  );
  await waitFor(driver, 'the success notice to go', `return !byId('enroll-success')`, UI_TIMEOUT);
}

/** First session: the offline copy, the models and Person 0 stored, with no limit; returns the bytes used. */
async function fillFirstSession(context: OwnProfileContext, profile: string): Promise<number> {
  const driver = await context.launch(profile, DENY_PERSISTENCE);
  try {
    const session = { ...context, driver };
    await openScreen(session, '#/enroll');
    // The service worker is active once it has stored the offline copy: the space used then stands still.
    await driver.run(`await navigator.serviceWorker.ready; return true`);
    const said = await enrollFromPhotos(session, 'Person 0', [fixture('people', 'obama', 'obama4.jpg')]);
    check(said.includes('Person 0 is enrolled'), `the first enrolment said "${said}"`);
    check(!(await driver.run<boolean>(`return await navigator.storage.persisted()`)), 'storage became persistent (no site limit)');
    // The pose model is fetched after the first analysis: wait until every model is stored, or the
    // second session would start above its limit.
    await waitFor(
      driver,
      'every model in the model cache',
      `const cache = await caches.open('faceprint-models-v1'); return (await cache.keys()).length >= ${MODEL_LIST.length}`,
      UI_TIMEOUT,
    );
    return (await estimate(driver)).usage;
  } finally {
    await driver.quit();
  }
}

export const storageFullSpec: OwnProfileSpec = {
  name: 'storage full: enrolment fails with a clear message, and everything enrolled before is kept',
  async run(context) {
    const profile = join(context.scratch, 'storage-full-profile');
    mkdirSync(profile, { recursive: true });
    const used = await fillFirstSession(context, profile);
    // The site gets a fifth of the limit (when that is over 10 MB, as here with the models stored).
    const limitKiB = Math.ceil((5 * (used + MARGIN_BYTES)) / 1024);
    const driver = await context.launch(profile, { ...DENY_PERSISTENCE, 'dom.quotaManager.temporaryStorage.fixedLimit': limitKiB });
    try {
      const session = { ...context, driver };
      await openScreen(session, '#/enroll');
      const { usage, quota } = await estimate(driver);
      // The site's limit is the fifth asked for (not the default, gigabytes).
      check(quota <= (limitKiB * 1024) / 5 + 1024, `the limit was not applied: ${usage} bytes used of ${quota} (limit ${limitKiB} KiB)`);
      context.timings['storage-full quota (bytes)'] = quota;

      const enrolled = ['Person 0'];
      let refused: { name: string; said: string } | null = null;
      for (const [i, [person, file]] of PHOTOS.entries()) {
        const name = `Person ${i + 1}`;
        const said = await enrollFromPhotos(session, name, [fixture('people', person, file)]);
        if (!said.includes(`${name} is enrolled`)) {
          refused = { name, said };
          break;
        }
        enrolled.push(name);
        await enrollSomeoneElse(driver);
      }
      check(refused !== null, `enrolment kept succeeding past the quota (${enrolled.length} people)`);
      context.timings['storage-full people saved before the refusal'] = enrolled.length;
      check(refused!.said === `Could not save: ${STORAGE_FULL}`, `the refusal said "${refused!.said}"`);
      // The shot and the name stay, to try again once there is room.
      const kept = await driver.run<{ shots: number; name: string }>(
        `return { shots: allById('enroll-shot').length, name: byId('enroll-name')?.value ?? '' }`,
      );
      check(kept.shots === 1 && kept.name === refused!.name, `after the refusal: ${JSON.stringify(kept)}`);

      // Settings → Your data shows the quota the browser allows.
      await driver.goto(`${context.baseUrl}/#/settings`);
      const usageText = await waitFor<string>(driver, 'the storage usage', `return text('storage-usage')`, UI_TIMEOUT);
      check(usageText.includes(`of ${bytesText(quota)} allowed`), `Settings says "${usageText}", the quota is ${bytesText(quota)}`);

      // Everything saved before the failure is still there after a reload, and nothing of the failed one.
      await driver.reload();
      const names = await peopleNames(session);
      check(
        JSON.stringify([...names].sort()) === JSON.stringify([...enrolled].sort()),
        `people after a reload: ${JSON.stringify(names)}, enrolled: ${JSON.stringify(enrolled)}`,
      );
    } finally {
      await driver.quit();
    }
  },
};
