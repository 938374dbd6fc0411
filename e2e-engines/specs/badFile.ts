/** A text file named .jpg among photos: refused with its reason, the photo beside it still named. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '../../testkit/fixtures.ts';
import { check, identify, peopleNames, type EngineSpec } from './context.ts';

export const badFileSpec: EngineSpec = {
  name: 'a bad file gets its message; the rest still works',
  async run(context) {
    const bad = join(context.scratch, 'notes.jpg');
    writeFileSync(bad, 'These are not the pixels you are looking for.\n');
    const cards = await identify(context, [bad, fixture('people', 'biden', 'biden2.jpg')]);
    const refused = cards.find((c) => c.file?.endsWith('notes.jpg'));
    check(
      refused?.failed?.includes('This file could not be read: not an image: it looks like a text file') === true,
      `notes.jpg: ${JSON.stringify(refused)}`,
    );
    const good = cards.find((c) => c.file?.endsWith('biden2.jpg'));
    check(good?.names.join() === 'Joe Biden', `biden2.jpg: ${JSON.stringify(good)}`);
    check((await peopleNames(context)).length === 2, 'the gallery changed');
  },
};
