/** The production build loads, is cross-origin isolated and picks a backend; start-up is measured. */
import { check, openScreen, type EngineSpec } from './context.ts';

export const loadSpec: EngineSpec = {
  name: 'loads, cross-origin isolated, models ready with a backend',
  async run(context) {
    const started = Date.now();
    const backend = await openScreen(context, '#/identify');
    context.timings['start-up to models ready (ms)'] = Date.now() - started;
    check(backend === 'wasm' || backend === 'webgpu', `backend badge says "${backend}"`);
    const state = await context.driver.run<{ isolated: boolean; badge: string | null; error: boolean }>(
      `return { isolated: crossOriginIsolated, badge: text('backend'), error: !!byId('engine-error') }`,
    );
    check(state.isolated, 'the page is not cross-origin isolated (COOP/COEP)');
    check(!state.error, 'the engine shows an error');
    context.timings['backend'] = state.badge ?? '';
    // Threads need SharedArrayBuffer: the badge names them ("WASM · 4 threads").
    if (backend === 'wasm') check(/threads?/.test(state.badge ?? ''), `the WASM badge names no threads: "${state.badge}"`);
  },
};
