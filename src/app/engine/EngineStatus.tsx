/** The backend badge in the header, and the model-loading banner with progress and retry. */
import { bytesText, plural } from '../../core/text.ts';
import { STARTUP_MODELS } from '../../models.ts';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { useEngine } from './EngineContext.tsx';

const NOT_ISOLATED =
  'This site is served without the Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy headers, so the models run on one thread (slower, same results)';

export function EngineStatus() {
  const { state, retry } = useEngine();
  if (state.status === 'ready') {
    const { backend, threads, fallbackReason, preference } = state.info;
    // Without WebGPU, 'auto' quietly uses WASM (reason in the tooltip); a forced or failed WebGPU is said out loud.
    const sayFallback =
      fallbackReason !== null && (preference === 'webgpu' || backend !== 'wasm' || fallbackReason.startsWith('WebGPU failed'));
    // Served without the COOP/COEP headers (many static hosts), the page cannot share memory with
    // threads: WASM then runs on one thread, and the badge says why.
    const isolated = globalThis.crossOriginIsolated;
    const label = backend === 'webgpu' ? 'WebGPU' : `WASM · ${plural(threads, 'thread')}${isolated ? '' : ' (not cross-origin isolated)'}`;
    const title = isolated ? fallbackReason : `${fallbackReason ? `${fallbackReason}. ` : ''}${NOT_ISOLATED}`;
    return (
      <div className="engine-status">
        <span
          className={`badge badge-${backend}`}
          data-testid="backend"
          data-backend={backend}
          data-isolated={String(isolated)}
          title={title ?? undefined}
        >
          {label}
        </span>
        {sayFallback && (
          <span className="engine-fallback" data-testid="backend-fallback">
            {fallbackReason.startsWith('WebGPU failed while') ? 'Switched to WASM: ' : 'WASM: '}
            {fallbackReason}
          </span>
        )}
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="engine-status engine-error" role="alert" data-testid="engine-error">
        <span>The face models could not load: {state.message}</span>
        <button type="button" onClick={retry}>
          Retry
        </button>
      </div>
    );
  }
  const total = STARTUP_MODELS.reduce((n, m) => n + m.size, 0);
  const loaded = STARTUP_MODELS.reduce((n, m) => n + (state.progress[m.role]?.loaded ?? 0), 0);
  return (
    <div className="engine-status engine-loading" data-testid="engine-loading">
      <ProgressBar label="Loading face models" value={loaded} max={total} detail={`${bytesText(loaded)} of ${bytesText(total)}`} />
    </div>
  );
}
