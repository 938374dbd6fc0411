/**
 * Sends webcam frames to the worker one at a time (the next frame is grabbed when the previous result
 * is back, so a slow backend lowers the frame rate instead of queueing stale frames), and measures fps.
 */
import * as Comlink from 'comlink';
import { useEffect, useState, type RefObject } from 'react';
import { useLatest } from './useLatest.ts';
import type { AnalyzeRequest, ImageAnalysis } from '../../worker/api.ts';
import type { EngineApi } from '../engine/EngineContext.tsx';
import { errorMessage } from '../../core/text.ts';

export function useFrameLoop(
  video: RefObject<HTMLVideoElement | null>,
  api: EngineApi | null,
  active: boolean,
  /** The request for the next frame (a function when it changes from frame to frame). */
  request: AnalyzeRequest | (() => AnalyzeRequest),
  onResult: (result: ImageAnalysis) => void,
): { readonly fps: number; readonly error: string | null } {
  const [fps, setFps] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const requestRef = useLatest(request);
  const onResultRef = useLatest(onResult);

  useEffect(() => {
    if (!active || !api) return;
    let running = true;
    let smoothed = 0;
    const loop = async () => {
      let last = performance.now();
      while (running) {
        const v = video.current;
        if (!v || v.readyState < 2 || v.videoWidth === 0) {
          await new Promise((r) => setTimeout(r, 50));
          last = performance.now(); // waiting for the video is not frame time
          continue;
        }
        try {
          const bitmap = await createImageBitmap(v);
          const next = requestRef.current;
          const result = await api.analyze(
            Comlink.transfer({ kind: 'bitmap', bitmap }, [bitmap]),
            typeof next === 'function' ? next() : next,
          );
          if (!running) break;
          onResultRef.current(result);
          const now = performance.now();
          const instant = 1000 / Math.max(1, now - last);
          last = now;
          smoothed = smoothed === 0 ? instant : smoothed * 0.8 + instant * 0.2;
          setFps(smoothed);
          setError(null);
        } catch (e) {
          if (!running) break;
          setError(errorMessage(e));
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    };
    void loop();
    return () => {
      running = false;
      setFps(0);
    };
  }, [active, api, video, requestRef, onResultRef]);

  return { fps, error };
}
