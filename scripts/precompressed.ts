/**
 * Pre-compressed copies of the build's large text and WebAssembly files (`x.br` and `x.gz` beside `x`),
 * and the `vite preview` middleware that serves them with Content-Encoding when the request accepts
 * it. onnxruntime's WebAssembly is most of what a first visit downloads (14 MB, 2.7 MB in brotli), and
 * preview's own on-the-fly compression leaves .wasm alone.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

/** Smaller files gain too little to be worth a second request path. */
const MIN_BYTES = 1024;
/**
 * Brotli's best quality takes about 90 s for onnxruntime's 14 MB binary on a 2-core machine (2.36 MB)
 * where quality 9 with a 16 MB window takes 18 s (2.67 MB): files above this size get the latter.
 */
const MAX_QUALITY_BYTES = 4 * 1024 * 1024;
/** Compressed copies by content hash, so a rebuild with the same onnxruntime compresses nothing again. */
const CACHE_DIR = resolve(import.meta.dirname, '..', 'node_modules', '.cache', 'faceprint-precompressed');

export const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function compress(bytes: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer> {
  if (encoding === 'gzip') return gzipAsync(bytes, { level: 9 });
  const best = bytes.length <= MAX_QUALITY_BYTES;
  return brotli(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: best ? constants.BROTLI_MAX_QUALITY : 9,
      [constants.BROTLI_PARAM_LGWIN]: best ? constants.BROTLI_DEFAULT_WINDOW : 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

async function cachedCompress(bytes: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer> {
  const key = `${createHash('sha256').update(bytes).digest('hex')}.${encoding}`;
  const cached = join(CACHE_DIR, key);
  if (existsSync(cached)) return readFileSync(cached);
  const out = await compress(bytes, encoding);
  mkdirSync(CACHE_DIR, { recursive: true });
  // Written aside and renamed: several builds may share the cache.
  const partial = `${cached}.${process.pid}.partial`;
  writeFileSync(partial, out);
  renameSync(partial, cached);
  return out;
}

/** Writes `.br` and `.gz` beside every large compressible file of `outDir` except the model files. */
export async function writePrecompressed(outDir: string): Promise<void> {
  const files = filesUnder(outDir).filter((path) => {
    const relativePath = path
      .slice(outDir.length + 1)
      .split(sep)
      .join('/');
    return !relativePath.startsWith('models/') && extname(path) in CONTENT_TYPES && statSync(path).size >= MIN_BYTES;
  });
  await Promise.all(
    files.map(async (path) => {
      const bytes = readFileSync(path);
      for (const { name, suffix } of ENCODINGS) writeFileSync(path + suffix, await cachedCompress(bytes, name));
    }),
  );
}

/** Whether a build file is one of the compressed copies (not to be listed or served under its own name). */
export function isPrecompressedCopy(path: string): boolean {
  return ENCODINGS.some(({ suffix }) => path.endsWith(suffix));
}

type Next = () => void;

/**
 * Serves `x.br` or `x.gz` for a GET or HEAD of `x` when the request's Accept-Encoding names the
 * encoding and the copy exists; anything else goes on to preview's own static files. `headers` are
 * the preview server's (COOP, COEP, CSP), which its static middleware would otherwise have sent.
 */
export function precompressedMiddleware(outDir: string, headers: Readonly<OutgoingHttpHeaders>) {
  const root = resolve(outDir);
  return (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.headers.range !== undefined) return next();
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return next();
    }
    const file = resolve(root, `.${pathname}`);
    const type = CONTENT_TYPES[extname(file)];
    if (!type || !file.startsWith(root + sep)) return next();
    // "br, gzip;q=0.8": the names, less any refused with q=0.
    const accepted = String(req.headers['accept-encoding'] ?? '')
      .split(',')
      .map((part) => part.split(';').map((piece) => piece.trim().toLowerCase()))
      .filter((pieces) => !pieces.slice(1).some((p) => /^q=0(?:\.0*)?$/.test(p)))
      .map((pieces) => pieces[0]);
    const encoding = ENCODINGS.find(({ name, suffix }) => accepted.includes(name) && existsSync(file + suffix));
    if (!encoding) return next();
    const stats = statSync(file + encoding.suffix);
    const etag = `W/"${stats.size}-${Math.trunc(stats.mtimeMs)}-${encoding.name}"`;
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
    const vary = res.getHeader('Vary');
    res.setHeader('Vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding');
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Encoding', encoding.name);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('ETag', etag);
    if (req.headers['if-none-match'] === etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader('Content-Length', stats.size);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file + encoding.suffix).pipe(res);
  };
}
