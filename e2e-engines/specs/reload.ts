/** After a reload the gallery is still there (IndexedDB), and still recognises. */
import { fixture } from '../../testkit/fixtures.ts';
import { check, identify, openScreen, peopleNames, type EngineSpec } from './context.ts';

export const reloadSpec: EngineSpec = {
  name: 'reload: the gallery is still there and still names people',
  async run(context) {
    await context.driver.reload();
    await openScreen(context, '#/people');
    const names = await peopleNames(context);
    check(JSON.stringify(names) === JSON.stringify(['Barack Obama', 'Joe Biden']), `people after a reload: ${JSON.stringify(names)}`);
    const [card] = await identify(context, [fixture('people', 'obama', 'obama3.jpg')]);
    check(card?.names.join() === 'Barack Obama', `obama3.jpg after a reload: ${JSON.stringify(card)}`);
  },
};
