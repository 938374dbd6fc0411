import { useEffect, useState } from 'react';
import { errorMessage } from '../../../core/text.ts';
import type { MatchSettings } from '../../../core/search/match.ts';
import type { Calibration } from '../../../worker/api.ts';
import { useEngine } from '../../engine/EngineContext.tsx';

/**
 * The people gallery's calibration at the given threshold (computed in the worker), again whenever the
 * gallery or the threshold changes; the last answer stays shown while the next is computed.
 */
export function useCalibration(settings: MatchSettings): { readonly calibration: Calibration | null; readonly error: string | null } {
  const { api, galleryVersion } = useEngine();
  const version = galleryVersion.people;
  const { threshold, uncertainBand } = settings;
  const [calibration, setCalibration] = useState<Calibration | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!api) return;
    let live = true;
    api.calibrate('people', { threshold, uncertainBand }).then(
      (result) => {
        if (!live) return;
        setCalibration(result);
        setError(null);
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [api, version, threshold, uncertainBand]);
  return { calibration, error };
}
