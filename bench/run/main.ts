/**
 * `npm run bench`: every benchmark in one run on this machine, Faceprint beside face-api.js and Human.
 *   npm run bench                      all sections
 *   npm run bench -- pipeline app      only those sections (pipeline, app, gallery, engines)
 *   FACEPRINT_BENCH_FRAMES=3 npm run bench -- pipeline   a quick check that it runs (3 frames a measurement)
 * Writes bench-results/<section>.json and bench-results/report.md, and prints the report. The figures in
 * BENCHMARKS.md come from this report, with the command and the machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_PATH } from '../../testkit/chromium.ts';
import { appMarkdown, benchApp } from './app.ts';
import { benchEngines, DEFAULT_ENGINES_OPTIONS, enginesMarkdown } from './engines.ts';
import { benchGallery, DEFAULT_GALLERY_OPTIONS, galleryMarkdown } from './gallery.ts';
import { benchPipeline, pipelineMarkdown, pipelineOptionsFromEnv } from './pipeline.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'bench-results');
const SECTIONS = ['pipeline', 'app', 'gallery', 'engines'] as const;
type Section = (typeof SECTIONS)[number];

const asked = process.argv.slice(2);
for (const a of asked)
  if (!(SECTIONS as readonly string[]).includes(a)) throw new Error(`unknown section ${a}; choose from ${SECTIONS.join(', ')}`);
const run = (s: Section): boolean => asked.length === 0 || asked.includes(s);

mkdirSync(OUT, { recursive: true });
const chromium = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8' }).trim();
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${chromium} headless; Node ${process.version}`;
const report: string[] = [
  `# Benchmark report, ${new Date().toISOString()}`,
  '',
  `Machine: ${machine}`,
  `Command: npm run bench${asked.length ? ` -- ${asked.join(' ')}` : ''}`,
];

function save(section: Section, data: unknown, markdown: string): void {
  writeFileSync(join(OUT, `${section}.json`), `${JSON.stringify(data, null, 2)}\n`);
  report.push('', `## ${section}`, '', markdown);
  writeFileSync(join(OUT, 'report.md'), `${report.join('\n')}\n`);
  console.log(`\n## ${section}\n\n${markdown}`);
}

console.log(`Machine: ${machine}`);
if (run('pipeline')) {
  const r = await benchPipeline(pipelineOptionsFromEnv());
  save('pipeline', r, pipelineMarkdown(r));
}
if (run('app')) {
  const r = await benchApp();
  save('app', r, appMarkdown(r));
}
if (run('gallery')) {
  const r = await benchGallery(DEFAULT_GALLERY_OPTIONS);
  save('gallery', r, galleryMarkdown(r));
}
if (run('engines')) {
  const r = await benchEngines(DEFAULT_ENGINES_OPTIONS);
  save('engines', r, enginesMarkdown(r));
}
console.log(`\nWritten to ${join(OUT, 'report.md')}`);
