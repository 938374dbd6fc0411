/**
 * Builds the benchmark pages (bench/vite.config.ts) and serves them with `vite preview` on
 * localhost, cross-origin isolated like the app. Used by every benchmark script.
 */
import { resolve } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';

export const BENCH_CONFIG = resolve(import.meta.dirname, '..', 'vite.config.ts');

export interface BenchServer {
  /** e.g. http://localhost:4390 */
  readonly origin: string;
  close(): Promise<void>;
}

let built: Promise<void> | null = null;

/** Builds once per process. */
export function buildBench(): Promise<void> {
  built ??= build({ configFile: BENCH_CONFIG, logLevel: 'warn' }).then(() => undefined);
  return built;
}

export async function serveBench(port = Number(process.env.FACEPRINT_BENCH_PORT ?? 4390)): Promise<BenchServer> {
  await buildBench();
  const server: PreviewServer = await preview({ configFile: BENCH_CONFIG, logLevel: 'warn', preview: { port, strictPort: true } });
  return { origin: `http://localhost:${port}`, close: () => server.close() };
}
