/**
 * What Auto needs to know about this browser's WebGPU before it trusts it with the models: whether
 * there is an adapter at all, and whether it is a software one (SwiftShader, Chromium's fallback when
 * no GPU is usable), which runs the models about 80 times slower than WASM on the same processor.
 */
import { errorMessage } from '../core/text.ts';

/** The parts of a GPUAdapter read here (Chromium ≥ 121 moved isFallbackAdapter into `info`). */
export interface AdapterLike {
  readonly isFallbackAdapter?: boolean;
  readonly info?: {
    readonly isFallbackAdapter?: boolean;
    readonly vendor?: string;
    readonly architecture?: string;
    readonly description?: string;
  };
}

/** A name for a software adapter ("SwiftShader"), or null for a hardware one. */
export function softwareAdapterName(adapter: AdapterLike): string | null {
  const info = adapter.info;
  const text = `${info?.vendor ?? ''} ${info?.architecture ?? ''} ${info?.description ?? ''}`.toLowerCase();
  if (text.includes('swiftshader')) return 'SwiftShader';
  if (text.includes('llvmpipe') || text.includes('lavapipe')) return 'a CPU rasteriser (llvmpipe)';
  if (info?.isFallbackAdapter === true || adapter.isFallbackAdapter === true) return 'a fallback adapter';
  return null;
}

/**
 * Why WebGPU should not be used, or null when it may be. `auto` also refuses a software adapter;
 * an explicit WebGPU choice takes whatever adapter there is (the user asked for it).
 */
export async function webgpuUnavailableReason(preference: 'auto' | 'webgpu' = 'webgpu'): Promise<string | null> {
  const gpu = (globalThis.navigator as (Navigator & { gpu?: { requestAdapter(): Promise<AdapterLike | null> } }) | undefined)?.gpu;
  if (!gpu) return 'this browser has no WebGPU';
  let adapter: AdapterLike | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (error) {
    return `WebGPU adapter request failed: ${errorMessage(error)}`;
  }
  if (!adapter) return 'no WebGPU adapter is available';
  const software = softwareAdapterName(adapter);
  if (preference === 'auto' && software) return `the only WebGPU adapter is ${software}, a software one that is much slower than WASM`;
  return null;
}

/**
 * Above this, a steady WebGPU run of the warm-up detector input ([1,3,160,160]) is slow enough that
 * Auto also times WASM and keeps the faster (a GPU runs it in a few milliseconds; WASM on two cores in
 * about 5 ms). Below it WebGPU is kept without paying for a second set of sessions at start-up.
 */
export const WEBGPU_CHECK_MS = 15;

/** Auto's pick from the two steady warm-up times (WASM's is null when it was not measured). */
export function fasterBackend(webgpuMs: number, wasmMs: number | null): { backend: 'webgpu' | 'wasm'; reason: string | null } {
  if (wasmMs === null || webgpuMs <= wasmMs) return { backend: 'webgpu', reason: null };
  return {
    backend: 'wasm',
    reason: `WebGPU was slower than WASM here (${webgpuMs.toFixed(0)} ms against ${wasmMs.toFixed(0)} ms for a test frame)`,
  };
}
