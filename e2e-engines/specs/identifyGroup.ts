/** A group photo: Obama and Biden named, the child beside them Unknown. */
import { fixture } from '../../testkit/fixtures.ts';
import { check, identify, type EngineSpec } from './context.ts';

export const identifyGroupSpec: EngineSpec = {
  name: 'identify a group photo: Obama and Biden named, the third face Unknown',
  async run(context) {
    const started = Date.now();
    const [card] = await identify(context, [fixture('groups', 'obama_and_biden.jpg')]);
    context.timings['group photo identified (ms)'] = Date.now() - started;
    check(card !== undefined && card.failed === null, `the group photo failed: ${card?.failed ?? 'no card'}`);
    const names = [...card!.names].sort();
    check(JSON.stringify(names) === JSON.stringify(['Barack Obama', 'Joe Biden', 'Unknown']), `names: ${JSON.stringify(card!.names)}`);
  },
};
