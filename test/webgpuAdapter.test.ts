/**
 * Auto's trust in WebGPU (src/runtime/webgpuAdapter.ts): software adapters are refused under Auto and
 * accepted when WebGPU is chosen explicitly; the faster measured backend is kept. The adapters are
 * described as Chromium reports them (GPUAdapter.info); Node has no WebGPU, so navigator.gpu is
 * provided per test. e2e/flows.spec.ts checks Auto against Chromium's real SwiftShader adapter.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fasterBackend, softwareAdapterName, webgpuUnavailableReason, type AdapterLike } from '../src/runtime/webgpuAdapter.ts';

const SWIFTSHADER: AdapterLike = { info: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true } };
const INTEGRATED: AdapterLike = {
  info: { vendor: 'intel', architecture: 'gen-12lp', description: 'Intel(R) UHD Graphics', isFallbackAdapter: false },
};

function withAdapter(adapter: AdapterLike | null | Error): void {
  vi.stubGlobal('navigator', {
    gpu: { requestAdapter: () => (adapter instanceof Error ? Promise.reject(adapter) : Promise.resolve(adapter)) },
  });
}

afterEach(() => vi.unstubAllGlobals());

describe('softwareAdapterName', () => {
  it('names SwiftShader, llvmpipe and adapters flagged as fallback, and passes hardware ones', () => {
    expect(softwareAdapterName(SWIFTSHADER)).toBe('SwiftShader');
    expect(softwareAdapterName({ info: { vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 19.1.7, 256 bits)' } })).toMatch(
      /llvmpipe/,
    );
    // Older Chromium reported the flag on the adapter itself.
    expect(softwareAdapterName({ isFallbackAdapter: true })).toBe('a fallback adapter');
    expect(softwareAdapterName(INTEGRATED)).toBeNull();
    expect(softwareAdapterName({})).toBeNull();
  });
});

describe('webgpuUnavailableReason', () => {
  it('under Auto refuses a software adapter, which an explicit WebGPU choice accepts', async () => {
    withAdapter(SWIFTSHADER);
    expect(await webgpuUnavailableReason('auto')).toMatch(/SwiftShader, a software one/);
    expect(await webgpuUnavailableReason('webgpu')).toBeNull();
    withAdapter(INTEGRATED);
    expect(await webgpuUnavailableReason('auto')).toBeNull();
  });

  it('says why when there is no WebGPU, no adapter or a failed request', async () => {
    vi.stubGlobal('navigator', {});
    expect(await webgpuUnavailableReason('auto')).toBe('this browser has no WebGPU');
    withAdapter(null);
    expect(await webgpuUnavailableReason('auto')).toBe('no WebGPU adapter is available');
    withAdapter(new Error('device lost'));
    expect(await webgpuUnavailableReason('webgpu')).toBe('WebGPU adapter request failed: device lost');
  });
});

describe('fasterBackend', () => {
  it('keeps WebGPU unless WASM was measured faster, and says so', () => {
    expect(fasterBackend(40, null)).toEqual({ backend: 'webgpu', reason: null });
    expect(fasterBackend(4, 6)).toEqual({ backend: 'webgpu', reason: null });
    const slower = fasterBackend(40.4, 6.2);
    expect(slower.backend).toBe('wasm');
    expect(slower.reason).toBe('WebGPU was slower than WASM here (40 ms against 6 ms for a test frame)');
  });
});
