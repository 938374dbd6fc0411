/**
 * Export the gallery, delete everyone, import the file: the same people come back. The download is
 * taken from the app's own <a download> click (its Blob read in the page), since neither driver
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
      // The Blob itself is kept when its URL is made: fetching the blob: URL is (rightly) refused by
      // the app's CSP (connect-src 'self').
      const blobs = new Map();
      const createObjectURL = URL.createObjectURL;
      URL.createObjectURL = (blob) => { const url = createObjectURL.call(URL, blob); blobs.set(url, blob); return url; };
      const original = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function () {
        const blob = this.download ? blobs.get(this.href) : undefined;
        if (blob) {
          const name = this.download;
          blob.text().then((text) => { window.__faceprintExport = { name, text }; });
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
