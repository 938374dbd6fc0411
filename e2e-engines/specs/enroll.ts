/** Enrol two people from photos on the Enroll screen (file input, as a user picking files). */
import { fixture } from '../../testkit/fixtures.ts';
import { waitFor } from '../driver.ts';
import { ANALYSIS_TIMEOUT, check, openScreen, UI_TIMEOUT, type EngineSpec, type SpecContext } from './context.ts';

/** Enrols `name` from photos on the Enroll screen; returns what the screen then says (success or the save error). */
export async function enrollFromPhotos(context: SpecContext, name: string, photos: readonly string[]): Promise<string> {
  const { driver } = context;
  await openScreen(context, '#/enroll');
  await driver.run(`click('enroll-mode-photos')`);
  await waitFor(driver, 'the photo picker', `return !!byId('enroll-drop-files')`, UI_TIMEOUT);
  await driver.setFiles('[data-testid="enroll-drop-files"]', photos);
  await waitFor(
    driver,
    `${photos.length} enrolment shots`,
    `return allById('enroll-shot').length >= args[0]`,
    ANALYSIS_TIMEOUT,
    photos.length,
  );
  await driver.run(`fill('enroll-name', args[0])`, name);
  await waitFor(driver, 'Save to be enabled', `return byId('enroll-save')?.disabled === false`, UI_TIMEOUT);
  await driver.run(`click('enroll-save')`);
  return waitFor<string>(
    driver,
    `"${name} is enrolled" or a save error`,
    `return byId('enroll-success')?.textContent || byId('enroll-save-error')?.textContent || null`,
    UI_TIMEOUT,
  );
}

async function enroll(context: SpecContext, name: string, photos: readonly string[]): Promise<void> {
  const said = await enrollFromPhotos(context, name, photos);
  // WebKitGTK's automation sessions are ephemeral, where WebKit stores no Blob in IndexedDB (as in
  // Safari's private windows): saving works there because thumbnails are stored as bytes.
  check(said.includes(`${name} is enrolled`), `enrolment said "${said}"`);
}

export const enrollSpec: EngineSpec = {
  name: 'enrol Barack Obama and Joe Biden from photos',
  async run(context) {
    await enroll(context, 'Barack Obama', [fixture('people', 'obama', 'obama1.jpg'), fixture('people', 'obama', 'obama2.jpg')]);
    await enroll(context, 'Joe Biden', [fixture('people', 'biden', 'biden1.jpg')]);
  },
};
