import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COMMON } from '../src/cli/common.ts';
import { evalPairsCommand } from '../src/cli/commands/evalPairs.ts';
import { DEGRADATIONS, writeDegradedSets, type DegradedSet } from '../testkit/degradedFixtures.ts';
import { FACES, FIXTURES_MISSING, HAVE_FIXTURES } from '../testkit/fixtures.ts';

/**
 * Degraded copies of the people/ photos (faces ~24 px wide, blur, JPEG quality 10, dark, noisy,
 * rotated 30°) must still verify: AUC ≥ 0.99 on each kind, through the CLI's own eval-pairs.
 */
describe.skipIf(!HAVE_FIXTURES)('robustness to degraded photos', () => {
  let sets: DegradedSet[] = [];
  beforeAll(async () => {
    sets = await writeDegradedSets(join(FACES, 'people'), mkdtempSync(join(tmpdir(), 'faceprint-degraded-')));
  });

  it.each(DEGRADATIONS)('%s: AUC ≥ 0.99 and every face found', async (kind) => {
    const set = sets.find((s) => s.kind === kind)!;
    const result = await evalPairsCommand(set.pairs, set.root, DEFAULT_COMMON, null);
    const json = result.json as { auc: number; pairs: number; noFace: string[] };
    expect(json.pairs).toBe(105);
    expect(json.noFace).toEqual([]);
    expect(json.auc).toBeGreaterThanOrEqual(0.99);
  });
});

if (!HAVE_FIXTURES) it.skip(FIXTURES_MISSING, () => {});
