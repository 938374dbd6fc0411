/**
 * Owns the inference worker: starts it, loads the models with progress, restarts it when the backend
 * setting changes, and relays gallery-change events so screens refresh.
 */
import * as Comlink from 'comlink';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ModelRole } from '../../models.ts';
import type { EngineInfo, FaceEngineApi, GalleryKind, ModelProgress } from '../../worker/api.ts';
import { registerOfflineSupport } from '../offline.ts';
import { errorMessage } from '../../core/text.ts';
import { useSettings } from '../settings/SettingsContext.tsx';

/** The worker's one endpoint: the models and pipeline (InferenceApi) and the galleries (GalleryApi). */
export type EngineApi = Comlink.Remote<FaceEngineApi>;

export type EngineState =
  | { readonly status: 'loading'; readonly progress: Partial<Record<ModelRole, ModelProgress>> }
  | { readonly status: 'ready'; readonly info: EngineInfo }
  | { readonly status: 'error'; readonly message: string };

interface EngineValue {
  /** Usable at once for the gallery; model calls need status 'ready'. */
  readonly api: EngineApi | null;
  readonly state: EngineState;
  /** Bumped whenever a gallery changes (here or in another tab): a dependency for reloading lists. */
  readonly galleryVersion: Readonly<Record<GalleryKind, number>>;
  retry(): void;
}

const EngineContext = createContext<EngineValue | null>(null);

export function EngineProvider({ children }: { readonly children: ReactNode }) {
  const { settings } = useSettings();
  const backend = settings.backend;
  const [api, setApi] = useState<EngineApi | null>(null);
  const [state, setState] = useState<EngineState>({ status: 'loading', progress: {} });
  const [attempt, setAttempt] = useState(0);
  const [galleryVersion, setGalleryVersion] = useState<Record<GalleryKind, number>>({ people: 0, celebrities: 0 });

  useEffect(() => {
    // The worker's start-up profile counts from here (Settings → Engine; bench/run/app.ts lines it up with the page).
    performance.mark('faceprint-engine-start');
    const worker = new Worker(new URL('../../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'faceprint-engine' });
    const remote = Comlink.wrap<FaceEngineApi>(worker);
    let live = true;
    // The worker is the external system this effect syncs with; its handle and load state are React state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setApi(() => remote);
    setState({ status: 'loading', progress: {} });
    const events = Comlink.proxy({
      progress(progress: ModelProgress) {
        if (!live) return;
        setState((previous) =>
          previous.status === 'loading' ? { status: 'loading', progress: { ...previous.progress, [progress.role]: progress } } : previous,
        );
      },
      backendChanged(info: EngineInfo) {
        if (live) setState({ status: 'ready', info });
      },
      galleryChanged(kind: GalleryKind) {
        if (live) setGalleryVersion((v) => ({ ...v, [kind]: v[kind] + 1 }));
      },
    });
    worker.addEventListener('error', (event) => {
      if (live) setState({ status: 'error', message: `The face engine stopped: ${event.message || 'the worker failed to start'}` });
    });
    remote.init(backend, events).then(
      (info) => live && setState({ status: 'ready', info }),
      (error: unknown) => live && setState({ status: 'error', message: errorMessage(error) }),
    );
    return () => {
      live = false;
      worker.terminate();
      // Released a moment later: screens' effects in this same commit still hold this engine (the new
      // one is set by the next render), and a call on a released comlink proxy throws, which would take
      // the page down. A call on the terminated worker just never answers, and its effect is gone by then.
      setTimeout(() => remote[Comlink.releaseProxy](), 0);
    };
  }, [backend, attempt]);

  // The service worker's precache waits until the engine's start-up is over (see registerOfflineSupport).
  useEffect(() => {
    if (state.status !== 'loading') registerOfflineSupport();
  }, [state.status]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const value = useMemo(() => ({ api, state, galleryVersion, retry }), [api, state, galleryVersion, retry]);
  return <EngineContext.Provider value={value}>{children}</EngineContext.Provider>;
}

export function useEngine(): EngineValue {
  const value = useContext(EngineContext);
  if (!value) throw new Error('useEngine needs an EngineProvider');
  return value;
}

/** The engine when its models are loaded, else null (screens show the loading banner's state). */
export function useReadyEngine(): EngineApi | null {
  const { api, state } = useEngine();
  return state.status === 'ready' ? api : null;
}
