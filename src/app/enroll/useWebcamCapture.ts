/**
 * Webcam enrolment: the camera, a live preview through the worker (boxes, landmarks, pose, the quality
 * gate), and the capture policy. Preview frames skip the embedder; once a face passes the gate with a
 * pose worth keeping, the next frame is analysed with embedding + aligned thumbnail and becomes a shot
 * if it still passes and is not a near copy of an earlier shot. Someone who keeps still gets fewer
 * shots, not copies: the session ends early and says so.
 */
import { useCallback, useMemo, useRef, useState, type RefObject } from 'react';
import type { CaptureVerdict } from '../../core/pipeline/quality.ts';
import type { FaceResult, ImageAnalysis } from '../../worker/api.ts';
import { useCamera, useVideoStream, type CameraState } from '../components/useCamera.ts';
import { useFrameLoop } from '../components/useFrameLoop.ts';
import type { EngineApi } from '../engine/EngineContext.tsx';
import { liveRequest } from '../engine/requests.ts';
import type { AppSettings } from '../settings/settings.ts';
import { judgeFaces } from './gate.ts';
import {
  DEFAULT_SHOT_COUNT,
  GIVE_UP_STILL_MS,
  isNearDuplicate,
  newShotId,
  promptFor,
  wantsShot,
  type PosePrompt,
  type Shot,
} from './shots.ts';

export interface LiveView {
  readonly width: number;
  readonly height: number;
  readonly faces: readonly FaceResult[];
  readonly verdict: CaptureVerdict;
}

export interface WebcamCapture {
  readonly camera: CameraState;
  /** The latest analysed frame; null until the first one. */
  readonly live: LiveView | null;
  /** Shots taken in this camera session, and how many it takes. */
  readonly taken: number;
  readonly target: number;
  setTarget(count: number): void;
  /** True while shots are being taken; false once the session has its shots or was stopped. */
  readonly capturing: boolean;
  /** The session is over by itself (the camera is off): it took all its shots, or `endedStill`. */
  readonly finished: boolean;
  /** The session ended before all its shots: the face only repeated earlier shots (no new angle). */
  readonly endedStill: boolean;
  readonly prompt: PosePrompt;
  /** A face passed the gate and the next frame is being embedded. */
  readonly holding: boolean;
  readonly fps: number;
  readonly engineError: string | null;
  start(): void;
  stop(): void;
}

/**
 * @param videoRef the preview <video>: the stream is attached to it and frames are read from it
 * @param earlier every shot collected so far (webcam and photos), for pose variety and against copies
 * @param onShot called with each accepted shot
 */
export function useWebcamCapture(
  videoRef: RefObject<HTMLVideoElement | null>,
  api: EngineApi | null,
  settings: AppSettings,
  earlier: readonly Shot[],
  onShot: (shot: Shot) => void,
): WebcamCapture {
  const camera = useCamera();
  const [live, setLive] = useState<LiveView | null>(null);
  const [target, setTarget] = useState(DEFAULT_SHOT_COUNT);
  const [taken, setTaken] = useState(0);
  const [capturing, setCapturing] = useState(false);
  const [finished, setFinished] = useState(false);
  const [endedStill, setEndedStill] = useState(false);
  const [armed, setArmed] = useState(false);
  // The face passing now only repeats an earlier shot: the prompt asks for a new angle, not to hold still.
  const [repeating, setRepeating] = useState(false);

  // Read by the result handler, which can run several times between renders.
  const timing = useRef<{ passingSince: number | null; lastShotAt: number | null; taken: number }>({
    passingSince: null,
    lastShotAt: null,
    taken: 0,
  });

  const cameraOn = camera.state.status === 'on';
  const stream = camera.state.status === 'on' ? camera.state.stream : null;

  useVideoStream(videoRef, stream);

  // All faces are analysed (not only the largest), so "several faces" can be caught. The pose model
  // runs on every frame: the pose is stored with each shot and steers the choice of varied poses.
  const request = useMemo(
    () => liveRequest(settings, { largestFaceOnly: false, poseModel: 'always', embed: armed, thumbnails: armed, match: null }),
    [settings, armed],
  );

  const { start: startCamera, stop: stopCamera } = camera;
  const finish = (still: boolean) => {
    setCapturing(false);
    setArmed(false);
    setRepeating(false);
    setFinished(true);
    setEndedStill(still);
    stopCamera();
  };
  const onResult = (result: ImageAnalysis) => {
    const verdict = judgeFaces(result.faces);
    setLive({ width: result.width, height: result.height, faces: result.faces, verdict });
    const t = timing.current;
    if (!capturing) return;
    const face = verdict.face === null ? undefined : result.faces[verdict.face];
    if (!verdict.accepted || !face) {
      t.passingSince = null;
      setArmed(false);
      setRepeating(false);
      return;
    }
    const now = performance.now();
    t.passingSince ??= now;
    const wanted = wantsShot(
      face.pose,
      earlier.map((s) => s.pose),
      { now, passingSince: t.passingSince, lastShotAt: t.lastShotAt },
    );
    if (!wanted) {
      setArmed(false);
      return;
    }
    if (!face.embedding) {
      setArmed(true);
      return;
    }
    const shot: Shot = {
      id: newShotId(),
      origin: 'webcam',
      source: 'webcam',
      embedding: face.embedding,
      thumbnail: face.thumbnail,
      pose: face.pose,
      quality: face.quality,
    };
    if (earlier.some((e) => isNearDuplicate(shot, e))) {
      // Only a copy of an earlier shot: keep embedding frames until a new angle shows, or give up.
      setRepeating(true);
      if (now - t.passingSince >= GIVE_UP_STILL_MS) finish(true);
      return;
    }
    // A frame analysed with its embedding, still passing the gate, and new: keep it.
    onShot(shot);
    t.taken += 1;
    t.lastShotAt = now;
    t.passingSince = null;
    setTaken(t.taken);
    setArmed(false);
    setRepeating(false);
    if (t.taken >= target) finish(false);
  };

  const { fps, error: engineError } = useFrameLoop(videoRef, api, cameraOn, request, onResult);

  const start = useCallback(() => {
    timing.current = { passingSince: null, lastShotAt: null, taken: 0 };
    setTaken(0);
    setArmed(false);
    setRepeating(false);
    setFinished(false);
    setEndedStill(false);
    setLive(null);
    setCapturing(true);
    startCamera();
  }, [startCamera]);

  const stop = useCallback(() => {
    setCapturing(false);
    setArmed(false);
    setLive(null);
    stopCamera();
  }, [stopCamera]);

  return {
    camera: camera.state,
    live,
    taken,
    target,
    setTarget,
    capturing: capturing && camera.state.status !== 'error',
    finished,
    endedStill,
    prompt: promptFor(earlier.length),
    holding: armed && !repeating,
    fps,
    engineError,
    start,
    stop,
  };
}
