/**
 * The cross-engine suite: the production build in Firefox (WebDriver BiDi) and WebKitGTK
 * (WebKitWebDriver), one spec per flow, in order, in one browser profile per engine. Chromium keeps
 * the full Playwright suite; this checks that the other two engines run the app end to end. Firefox
 * then runs storage full on a profile of its own (specs/storageFull.ts).
 *
 *   npm run test:engines                       # both engines
 *   FACEPRINT_ENGINES=firefox npm run test:engines
 *
 * FACEPRINT_ENGINES_PORT (default 4183) serves the build; the WebDriver port is that + 10. A missing
 * engine or missing fixture photos skip with a message locally and fail under CI=true.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FIXTURES_MISSING, HAVE_FIXTURES, IS_CI } from '../testkit/fixtures.ts';
import { waitForHttp, type Driver } from './driver.ts';
import { FIREFOX_PATH, launchFirefox } from './firefox.ts';
import { EngineCannot, type EngineSpec } from './specs/context.ts';
import { badFileSpec } from './specs/badFile.ts';
import { enrollSpec } from './specs/enroll.ts';
import { exportImportSpec } from './specs/exportImport.ts';
import { identifyGroupSpec } from './specs/identifyGroup.ts';
import { loadSpec } from './specs/load.ts';
import { reloadSpec } from './specs/reload.ts';
import { storageFullSpec, type OwnProfileSpec } from './specs/storageFull.ts';
import { webcamSpec } from './specs/webcam.ts';
import { launchWebKit, webkitMissing } from './webkit.ts';

const ROOT = resolve(import.meta.dirname, '..');
const PORT = Number(process.env.FACEPRINT_ENGINES_PORT ?? 4183);
const DRIVER_PORT = Number(process.env.FACEPRINT_ENGINES_DRIVER_PORT ?? PORT + 10);
const OUT_DIR = `dist-engines-${PORT}`;
const RESULTS_DIR = join(ROOT, `test-results-engines-${PORT}`);
const BASE_URL = `http://localhost:${PORT}`;

/** The flows, in the order a user meets them; later ones use the gallery the earlier ones made. */
const SPECS: readonly EngineSpec[] = [loadSpec, enrollSpec, identifyGroupSpec, reloadSpec, exportImportSpec, badFileSpec, webcamSpec];

interface Engine {
  readonly id: 'firefox' | 'webkit';
  /** Why it cannot run here (a missing package), or null. */
  readonly missing: () => string | null;
  readonly launch: (port: number) => Promise<Driver>;
  /** Flows that start the browser themselves, on a profile with settings of their own, after the shared ones. */
  readonly ownProfileSpecs: readonly OwnProfileSpec[];
  readonly launchWithProfile?: (port: number, profile: string, prefs: Record<string, boolean | string | number>) => Promise<Driver>;
}

const ENGINES: readonly Engine[] = [
  {
    id: 'firefox',
    missing: () => (existsSync(FIREFOX_PATH) ? null : FIREFOX_PATH),
    launch: launchFirefox,
    // Only Firefox's profile can set a small storage limit (WebKitGTK has no such setting).
    ownProfileSpecs: [storageFullSpec],
    launchWithProfile: (port, profile, prefs) => launchFirefox(port, { profile, prefs }),
  },
  { id: 'webkit', missing: webkitMissing, launch: launchWebKit, ownProfileSpecs: [] },
];

const INSTALL = 'apt-get install -y firefox-esr webkit2gtk-driver xvfb (scripts/ensure-browser.sh does it as root)';

type Outcome = 'passed' | 'failed' | 'skipped';
interface Result {
  readonly engine: string;
  readonly spec: string;
  readonly outcome: Outcome;
  readonly seconds: number;
  readonly detail?: string;
}

const results: Result[] = [];

function report(result: Result): void {
  results.push(result);
  const mark = { passed: '✓', failed: '✗', skipped: '-' }[result.outcome];
  console.log(
    `  ${mark} ${result.spec} (${result.seconds.toFixed(1)} s)${result.detail ? `\n      ${result.detail.replace(/\n/g, '\n      ')}` : ''}`,
  );
}

async function runEngine(engine: Engine): Promise<Record<string, number | string>> {
  const timings: Record<string, number | string> = {};
  const missing = engine.missing();
  if (missing) {
    const detail = `${engine.id} is not installed (${missing}): ${INSTALL}`;
    console.log(`\n${engine.id}`);
    report({ engine: engine.id, spec: 'all flows', outcome: IS_CI ? 'failed' : 'skipped', seconds: 0, detail });
    return timings;
  }
  const driver = await engine.launch(DRIVER_PORT);
  console.log(`\n${driver.name}`);
  const scratch = mkdtempSync(join(tmpdir(), `faceprint-engines-${engine.id}-`));
  let failed = false;
  let cannot: string | null = null;
  try {
    for (const spec of SPECS) {
      if (spec === webcamSpec && !driver.fakeCamera) {
        const detail = `${driver.name} offers WebDriver no fake camera (MiniBrowser has no camera to grant): covered in Chromium and Firefox`;
        report({ engine: driver.name, spec: spec.name, outcome: 'skipped', seconds: 0, detail });
        continue;
      }
      if (failed || cannot) {
        const detail = failed ? 'not run: an earlier flow failed' : `not run: it needs the gallery, which ${cannot}`;
        report({ engine: driver.name, spec: spec.name, outcome: 'skipped', seconds: 0, detail });
        continue;
      }
      const started = Date.now();
      try {
        await spec.run({ driver, baseUrl: BASE_URL, scratch, timings });
        report({ engine: driver.name, spec: spec.name, outcome: 'passed', seconds: (Date.now() - started) / 1000 });
      } catch (e) {
        if (e instanceof EngineCannot) {
          cannot = `${driver.name} could not save (${e.message})`;
          report({ engine: driver.name, spec: spec.name, outcome: 'skipped', seconds: (Date.now() - started) / 1000, detail: e.message });
          continue;
        }
        failed = true;
        const console = driver.consoleMessages().slice(-10).join('\n');
        const detail = `${e instanceof Error ? e.message : String(e)}${console ? `\nbrowser console:\n${console}` : ''}`;
        report({ engine: driver.name, spec: spec.name, outcome: 'failed', seconds: (Date.now() - started) / 1000, detail });
      }
    }
  } finally {
    await driver.quit();
  }
  try {
    for (const spec of engine.ownProfileSpecs) await runOwnProfileSpec(engine, driver.name, spec, scratch, timings);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return timings;
}

async function runOwnProfileSpec(
  engine: Engine,
  name: string,
  spec: OwnProfileSpec,
  scratch: string,
  timings: Record<string, number | string>,
): Promise<void> {
  const started = Date.now();
  const opened: Driver[] = [];
  try {
    const launch = engine.launchWithProfile!;
    await spec.run({
      baseUrl: BASE_URL,
      scratch,
      timings,
      launch: async (profile, prefs) => {
        const driver = await launch(DRIVER_PORT, profile, prefs);
        opened.push(driver);
        return driver;
      },
    });
    report({ engine: name, spec: spec.name, outcome: 'passed', seconds: (Date.now() - started) / 1000 });
  } catch (e) {
    const console = opened.at(-1)?.consoleMessages().slice(-10).join('\n') ?? '';
    const detail = `${e instanceof Error ? e.message : String(e)}${console ? `\nbrowser console:\n${console}` : ''}`;
    report({ engine: name, spec: spec.name, outcome: 'failed', seconds: (Date.now() - started) / 1000, detail });
  }
}

function startServer(): ChildProcess {
  console.log(`Building the production build into ${OUT_DIR}/ and serving it on ${BASE_URL}`);
  execFileSync('npx', ['vite', 'build', '--outDir', OUT_DIR, '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  // `vite preview` sends the COOP/COEP and CSP headers of vite.config.ts, as in production.
  return spawn('npx', ['vite', 'preview', '--outDir', OUT_DIR, '--port', String(PORT), '--strictPort'], {
    cwd: ROOT,
    stdio: 'ignore',
    detached: true,
  });
}

async function main(): Promise<number> {
  if (!HAVE_FIXTURES) {
    console.log(IS_CI ? `error: ${FIXTURES_MISSING.replace(/^skipped: /, '')}` : FIXTURES_MISSING);
    return IS_CI ? 1 : 0;
  }
  const wanted = (process.env.FACEPRINT_ENGINES ?? 'firefox,webkit').split(',').map((s) => s.trim());
  const engines = ENGINES.filter((e) => wanted.includes(e.id));
  const server = startServer();
  const timings: Record<string, Record<string, number | string>> = {};
  try {
    await waitForHttp(BASE_URL, 60_000);
    for (const engine of engines) {
      try {
        timings[engine.id] = await runEngine(engine);
      } catch (e) {
        report({
          engine: engine.id,
          spec: 'start the browser',
          outcome: 'failed',
          seconds: 0,
          detail: e instanceof Error ? e.message : String(e),
        });
      }
    }
  } finally {
    try {
      if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM');
    } catch {
      // The server already exited.
    }
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'results.json'), `${JSON.stringify({ results, timings }, null, 2)}\n`);
  const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
  console.log(`\n${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`);
  for (const [engine, t] of Object.entries(timings)) if (Object.keys(t).length) console.log(`${engine}: ${JSON.stringify(t)}`);
  return count('failed') > 0 ? 1 : 0;
}

process.exitCode = await main();
