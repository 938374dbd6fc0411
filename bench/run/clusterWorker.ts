/**
 * Grouping at scale in the browser: the app's inference worker groups 1,000, 5,000 and 10,000
 * synthetic faces (10 per identity) with `groupFaces`, as the Faces screen does after embedding 2,000
 * photos. Reports the time in the worker, the round trip from the page, whether the page kept
 * drawing frames meanwhile (the longest gap between two animation frames), and the memory of the
 * page with its workers before and after.
 *
 *   npx tsx bench/run/clusterWorker.ts [--sizes 1000,5000,10000]
 *
 * Run it alone: it is a timing benchmark.
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../testkit/chromium.ts';
import type { ClusterRun } from '../pages/cluster.ts';
import { serveBench } from './server.ts';

const PER_IDENTITY = 10;
const sizesArg = process.argv.indexOf('--sizes');
const sizes = sizesArg > 0 ? process.argv[sizesArg + 1]!.split(',').map(Number) : [1000, 5000, 10000];
const mib = (bytes: number | null): string => (bytes === null ? '–' : `${(bytes / 2 ** 20).toFixed(0)} MiB`);

process.env.FACEPRINT_BENCH_PAGES ??= 'cluster';
const server = await serveBench();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  console.log(`Chromium ${browser.version()}\n`);
  console.log(
    '| faces | groups | in the worker | round trip from the page | page frames meanwhile (longest gap) | memory before → after |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const faces of sizes) {
    // A fresh page per size, so memory and the worker start from nothing.
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(`${server.origin}/bench/pages/cluster.html`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const r: ClusterRun = await page.evaluate(([n, per]) => window.clusterBench.run(n, per), [faces / PER_IDENTITY, PER_IDENTITY] as const);
    console.log(
      `| ${r.faces} | ${r.groups} | ${(r.workerMs / 1000).toFixed(2)} s | ${(r.roundTripMs / 1000).toFixed(2)} s | ${r.frames} (${r.longestFrameGapMs.toFixed(0)} ms) | ${mib(r.memoryBeforeBytes)} → ${mib(r.memoryAfterBytes)} |`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
