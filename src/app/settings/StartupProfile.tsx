/**
 * Settings → Engine: where the face engine's start-up went (downloads, onnxruntime, each session,
 * warm-up, the first analysis), for anyone wondering why the first start was slow. The app benchmark
 * reads the same list.
 */
import { useEffect, useState } from 'react';
import type { StartupStep } from '../../worker/api.ts';
import { useReadyEngine } from '../engine/EngineContext.tsx';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export function StartupProfile() {
  const engine = useReadyEngine();
  const [steps, setSteps] = useState<readonly StartupStep[] | null>(null);

  useEffect(() => {
    if (!engine) return;
    let live = true;
    engine.startupProfile().then(
      (profile) => live && setSteps(profile),
      () => live && setSteps(null),
    );
    return () => {
      live = false;
    };
  }, [engine]);

  if (!steps || steps.length === 0) return null;
  return (
    <details className="startup-profile" data-testid="startup-profile">
      <summary>How the face engine started</summary>
      <p className="setting-help">Times from the moment the engine was started, up to the first photo or frame it analysed.</p>
      <ol>
        {steps.map((s, i) => (
          <li key={i} data-testid="startup-step" data-ms={Math.round(s.ms)} data-step={s.step}>
            <span className="startup-ms">{seconds(s.ms)}</span> {s.step}
          </li>
        ))}
      </ol>
    </details>
  );
}
