/** The `faceprint` command line: the same src/core pipeline as the web app, on onnxruntime-web (WASM) in Node. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { errorMessage } from '../core/text.ts';
import { DEFAULT_COMMON, type CommandResult, type CommonOptions, type Io } from './common.ts';
import { calibrateCommand } from './commands/calibrate.ts';
import { clusterCommand } from './commands/cluster.ts';
import { detectCommand } from './commands/detect.ts';
import { enrollCommand } from './commands/enroll.ts';
import { evalIdentifyCommand } from './commands/evalIdentify.ts';
import { evalPairsCommand } from './commands/evalPairs.ts';
import { identifyCommand } from './commands/identify.ts';
import { verifyCommand } from './commands/verify.ts';

export const USAGE = `faceprint — face detection and recognition (RetinaFace + ArcFace alignment + MobileFaceNet)

Usage:
  faceprint detect IMG… [--draw OUT.jpg|DIR/]        faces with box, score, 5 landmarks, head pose
  faceprint enroll --gallery G.json DIR             add DIR/<person>/* or DIR/<Person_Name>[_N].jpg
  faceprint identify --gallery G.json IMG… [--largest] [--top-k N]
  faceprint verify A B                              similarity of the largest faces, same/different
  faceprint eval-pairs --pairs PAIRS.csv --root DIR [--out SCORES.csv]
  faceprint eval-identify DIR                       leave-one-out rank-1 over DIR/<person>/*
  faceprint cluster DIR… [--gallery G.json]         group every face under the folders into people
                                                    (enrolled people first with --gallery)
  faceprint calibrate --gallery G.json              same-person vs look-alike scores, a suggested
                                                    threshold, and people or samples that conflict

Options:
  --json                 one JSON document on stdout instead of the summary
  --threshold T          similarity needed to name someone (default ${DEFAULT_COMMON.match.threshold})
  --uncertain-band B     below the threshold by less than B is "uncertain" (default ${DEFAULT_COMMON.match.uncertainBand})
  --detect-threshold S   face detection score threshold (default ${DEFAULT_COMMON.detectThreshold})
  --max-yaw D, --max-pitch D   pose filter limits in degrees (defaults ${DEFAULT_COMMON.maxYaw}, ${DEFAULT_COMMON.maxPitch})
  --no-flip              embed without flip test-time augmentation (faster, slightly less accurate)
  -h, --help
`;

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  gallery: { type: 'string' },
  draw: { type: 'string' },
  pairs: { type: 'string' },
  root: { type: 'string' },
  out: { type: 'string' },
  threshold: { type: 'string' },
  'uncertain-band': { type: 'string' },
  'detect-threshold': { type: 'string' },
  'max-yaw': { type: 'string' },
  'max-pitch': { type: 'string' },
  'top-k': { type: 'string' },
  largest: { type: 'boolean' },
  'no-flip': { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

class UsageError extends Error {}

function num(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (!Number.isFinite(v) || v < min || v > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}`);
  return v;
}

function need(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`missing ${what}`);
  return value;
}

async function run(argv: readonly string[]): Promise<CommandResult | null> {
  const { values: v, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  const [command, ...args] = positionals;
  if (v.help || !command) return null;
  const o: CommonOptions = {
    json: v.json === true,
    flip: v['no-flip'] !== true,
    match: {
      threshold: num(v.threshold, 'threshold', DEFAULT_COMMON.match.threshold, -1, 1),
      uncertainBand: num(v['uncertain-band'], 'uncertain-band', DEFAULT_COMMON.match.uncertainBand, 0, 2),
    },
    detectThreshold: num(v['detect-threshold'], 'detect-threshold', DEFAULT_COMMON.detectThreshold, 0, 1),
    maxYaw: num(v['max-yaw'], 'max-yaw', DEFAULT_COMMON.maxYaw, 0, 180),
    maxPitch: num(v['max-pitch'], 'max-pitch', DEFAULT_COMMON.maxPitch, 0, 180),
    topK: num(v['top-k'], 'top-k', DEFAULT_COMMON.topK, 1, 1000),
  };
  switch (command) {
    case 'detect':
      if (args.length === 0) throw new UsageError('detect needs at least one image');
      return detectCommand(args, o, v.draw ?? null);
    case 'enroll':
      if (args.length !== 1) throw new UsageError('enroll needs exactly one folder');
      return enrollCommand(need(v.gallery, '--gallery G.json'), args[0]!, o);
    case 'identify':
      if (args.length === 0) throw new UsageError('identify needs at least one image');
      return identifyCommand(need(v.gallery, '--gallery G.json'), args, o, v.largest === true);
    case 'verify':
      if (args.length !== 2) throw new UsageError('verify needs two images');
      return verifyCommand(args[0]!, args[1]!, o);
    case 'eval-pairs':
      return evalPairsCommand(need(v.pairs, '--pairs PAIRS.csv'), need(v.root, '--root DIR'), o, v.out ?? null);
    case 'eval-identify':
      if (args.length !== 1) throw new UsageError('eval-identify needs exactly one folder');
      return evalIdentifyCommand(args[0]!, o);
    case 'cluster':
      if (args.length === 0) throw new UsageError('cluster needs at least one folder');
      return clusterCommand(args, o, v.gallery ?? null);
    case 'calibrate':
      if (args.length !== 0) throw new UsageError('calibrate takes no files, only --gallery G.json');
      return calibrateCommand(need(v.gallery, '--gallery G.json'), o);
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const json = argv.includes('--json');
  try {
    const result = await run(argv);
    if (!result) {
      io.out(USAGE);
      return 0;
    }
    if (json) io.out(JSON.stringify(result.json, null, 2));
    else for (const line of result.text) (line.startsWith('error:') ? io.err : io.out)(line);
    if (json) for (const line of result.text) if (line.startsWith('error:')) io.err(line);
    return result.exitCode;
  } catch (error) {
    io.err(`faceprint: ${errorMessage(error)}`);
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      io.err('run `faceprint --help` for usage');
      return 2;
    }
    return 1;
  }
}
