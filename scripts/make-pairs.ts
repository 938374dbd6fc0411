/**
 * Prints a pairs CSV (file_x,file_y,Decision) of every pair of photos in `DIR/<person>/*`
 * (testkit/pairs.ts): same folder → Yes, different folders → No; paths relative to DIR.
 *
 *   npx tsx scripts/make-pairs.ts ../shared/fixtures/faces/people > pairs.csv
 */
import { pairsCsv, photosIn } from '../testkit/pairs.ts';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: tsx scripts/make-pairs.ts DIR > pairs.csv');
  process.exit(2);
}
process.stdout.write(pairsCsv(photosIn(dir)));
