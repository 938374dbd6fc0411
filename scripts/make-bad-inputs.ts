/**
 * Makes the bad-input fixtures (testkit/badInputs.ts) now and prints their folder; the tests make them
 * themselves when needed.
 *
 *   npx tsx scripts/make-bad-inputs.ts
 */
import { ensureBadInputs } from '../testkit/badInputs.ts';

const started = Date.now();
const made = await ensureBadInputs();
console.log(
  `${made.dir} (${((Date.now() - started) / 1000).toFixed(1)} s)${made.faceCases ? '' : ': fixtures absent, face cases not made'}`,
);
