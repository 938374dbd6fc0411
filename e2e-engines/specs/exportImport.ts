/**
 * Export the gallery, delete everyone, import the file: the same people come back. The download is
 * taken from the app's own <a download> click (its blob read in the page), since neither driver
 * exposes downloads; the import goes through the real file input.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../driver.ts';
import { check, peopleNames, UI_TIMEOUT, type EngineSpec } from './context.ts';

export const exportImportSpec: EngineSpec = {
  name: 'export, delete everyone, import: the same people',
  async run(context) {
    const { driver } = context;
    const before = await peopleNames(context);
    await driver.run(`
      window.__faceprintExport = null;
      const original = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function () {
        if (this.download && this.href.startsWith('blob:')) {
          const name = this.download;
          fetch(this.href).then((r) => r.text()).then((text) => { window.__faceprintExport = { name, text }; });
          return;
        }
        return original.call(this);
      };
      click('gallery-export');`);
    const exported = await waitFor<{ name: string; text: string }>(
      driver,
      'the exported gallery file',
      `return window.__faceprintExport`,
      UI_TIMEOUT,
    );
    check(exported.name.endsWith('.json'), `export file name "${exported.name}"`);
    const file = join(context.scratch, exported.name);
    writeFileSync(file, exported.text);

    await driver.run(`click('gallery-clear')`);
    await waitFor(driver, 'the confirm dialog', `return !!byId('clear-dialog-confirm')`, UI_TIMEOUT);
    await driver.run(`click('clear-dialog-confirm')`);
    await waitFor(driver, 'the empty gallery', `return !!byId('people-empty')`, UI_TIMEOUT);

    await driver.setFiles('[data-testid="gallery-import-input"]', [file]);
    const done = await waitFor<string>(driver, 'the import notice', `return byId('people-success')?.textContent || null`, UI_TIMEOUT);
    check(done.includes(`Imported ${before.length} people`), `import said "${done}"`);
    const after = await peopleNames(context);
    check(
      JSON.stringify(after) === JSON.stringify(before),
      `people after the import: ${JSON.stringify(after)}, before: ${JSON.stringify(before)}`,
    );
  },
};
