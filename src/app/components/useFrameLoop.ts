/**
 * Sends webcam frames to the worker as the camera delivers them (requestVideoFrameCallback; a
 * requestAnimationFrame poll where the browser lacks it), with at most two frames in flight: one being
 * analysed and one waiting, so the worker never idles while the page grabs the next frame, and a slow
 * backend skips camera frames instead of queueing stale ones. Measures the result rate and the time
 * from the camera's capture of a frame to its result on the page (what the overlay then draws).
 */
import * as Comlink from 'comlink';
import { useEffect, useState, type RefObject } from 'react';
import { useLatest } from './useLatest.ts';
import type { AnalyzeRequest, ImageAnalysis } from '../../worker/api.ts';
import type { EngineApi } from '../engine/EngineContext.tsx';
import { errorMessage } from '../../core/text.ts';

/** Frames sent and not answered yet: one in the worker, one waiting behind it. */
const MAX_IN_FLIGHT = 2;
/** How often the fps and latency figures on screen change (each change re-renders the screen). */
const FIGURES_EVERY_MS = 250;

export interface FrameLoop {
  /** Results per second, smoothed; 0 until measured. */
  readonly fps: number;
  /** Camera capture (or the frame's arrival, where the browser does not say) to result, smoothed, ms; 0 until measured. */
  readonly latencyMs: number;
  readonly error: string | null;
}

type VideoFrameCallback = (now: number, metadata: { readonly captureTime?: number; readonly mediaTime: number }) => void;
type VideoWithFrameCallback = HTMLVideoElement & { requestVideoFrameCallback?(callback: VideoFrameCallback): number };

export function useFrameLoop(
  video: RefObject<HTMLVideoElement | null>,
  api: EngineApi | null,
  active: boolean,
  /** The request for the next frame (a function when it changes from frame to frame). */
  request: AnalyzeRequest | (() => AnalyzeRequest),
  /** Results in the order the frames were sent, each with the request it was sent with. */
  onResult: (result: ImageAnalysis, request: AnalyzeRequest) => void,
): FrameLoop {
  const [figures, setFigures] = useState<{ fps: number; latencyMs: number }>({ fps: 0, latencyMs: 0 });
  const [error, setError] = useState<string | null>(null);
  const requestRef = useLatest(request);
  const onResultRef = useLatest(onResult);

  useEffect(() => {
    if (!active || !api) return;
    let running = true;
    let inFlight = 0;
    let pausedUntil = 0;
    let lastMediaTime = -1;
    let lastResultAt = 0;
    let fps = 0;
    let latency = 0;
    let shownAt = 0;

    const send = async (v: HTMLVideoElement, capturedAt: number): Promise<void> => {
      inFlight++;
      try {
        const bitmap = await createImageBitmap(v);
        const next = requestRef.current;
        const sent = typeof next === 'function' ? next() : next;
        const result = await api.analyze(Comlink.transfer({ kind: 'bitmap', bitmap }, [bitmap]), sent);
        if (!running) return;
        onResultRef.current(result, sent);
        const now = performance.now();
        if (lastResultAt > 0) {
          const instant = 1000 / Math.max(1, now - lastResultAt);
          fps = fps === 0 ? instant : fps * 0.8 + instant * 0.2;
        }
        lastResultAt = now;
        latency = latency === 0 ? now - capturedAt : latency * 0.8 + (now - capturedAt) * 0.2;
        if (now - shownAt >= FIGURES_EVERY_MS && fps > 0) {
          shownAt = now;
          setFigures({ fps, latencyMs: latency });
        }
        setError(null);
      } catch (e) {
        if (!running) return;
        setError(errorMessage(e));
        pausedUntil = performance.now() + 500; // an engine error: try again in a moment, not every frame
        lastResultAt = 0;
      } finally {
        inFlight--;
      }
    };

    /** A new camera frame: sent unless two are in flight already (then this one is skipped). */
    const offer = (v: HTMLVideoElement, mediaTime: number, capturedAt: number): void => {
      if (!running || inFlight >= MAX_IN_FLIGHT || performance.now() < pausedUntil) return;
      if (v.readyState < 2 || v.videoWidth === 0 || mediaTime === lastMediaTime) return;
      lastMediaTime = mediaTime;
      void send(v, capturedAt);
    };

    let frameHandle = 0;
    let timer = 0;
    let watched: VideoWithFrameCallback | null = null;
    const watch = (): void => {
      if (!running) return;
      const v = video.current as VideoWithFrameCallback | null;
      if (!v) {
        timer = window.setTimeout(watch, 50); // the video element is not mounted yet
        return;
      }
      watched = v;
      if (v.requestVideoFrameCallback) {
        const onFrame: VideoFrameCallback = (now, metadata) => {
          if (!running) return;
          frameHandle = v.requestVideoFrameCallback!(onFrame);
          offer(v, metadata.mediaTime, metadata.captureTime ?? now);
        };
        frameHandle = v.requestVideoFrameCallback(onFrame);
      } else {
        const poll = (now: number): void => {
          if (!running) return;
          frameHandle = requestAnimationFrame(poll);
          offer(v, v.currentTime, now);
        };
        frameHandle = requestAnimationFrame(poll);
      }
    };
    watch();

    return () => {
      running = false;
      window.clearTimeout(timer);
      const v = watched as (VideoWithFrameCallback & { cancelVideoFrameCallback?(handle: number): void }) | null;
      if (v?.requestVideoFrameCallback) v.cancelVideoFrameCallback?.(frameHandle);
      else cancelAnimationFrame(frameHandle);
      setFigures({ fps: 0, latencyMs: 0 });
    };
  }, [active, api, video, requestRef, onResultRef]);

  return { ...figures, error };
}
