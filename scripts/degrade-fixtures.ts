/**
 * Writes degraded copies of a `DIR/<person>/*` photo set (testkit/degradedFixtures.ts), one folder per
 * kind of damage, each with a pairs.csv, for `faceprint eval-pairs`:
 *
 *   npx tsx scripts/degrade-fixtures.ts ../shared/fixtures/faces/people /tmp/degraded
 *   ./bin/faceprint.js eval-pairs --pairs /tmp/degraded/blur/pairs.csv --root /tmp/degraded/blur
 */
import { writeDegradedSets } from '../testkit/degradedFixtures.ts';

const [src, out] = process.argv.slice(2);
if (!src || !out) {
  console.error('usage: tsx scripts/degrade-fixtures.ts PEOPLE_DIR OUT_DIR');
  process.exit(2);
}
for (const s of await writeDegradedSets(src, out)) console.log(`${s.kind}: ${s.pairs}`);
process.exit(0);
