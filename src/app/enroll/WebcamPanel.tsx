/** Webcam enrolment: start/stop, the permission flow, the live preview with its overlay and gate. */
import { useRef, type RefObject } from 'react';
import type { Box, Landmarks } from '../../core/pipeline/detect.ts';
import type { Point } from '../../core/pipeline/image.ts';
import { plural } from '../../core/text.ts';
import { Annotated, type FaceMark } from '../components/FaceOverlay.tsx';
import { Notice } from '../components/Notice.tsx';
import { useFocusAfterChange } from '../components/useFocusAfterChange.ts';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { poseText } from '../format.ts';
import { issueTitle } from './gate.ts';
import { QualityChecklist } from './QualityChecklist.tsx';
import { SHOT_COUNT_CHOICES } from './shots.ts';
import type { LiveView, WebcamCapture } from './useWebcamCapture.ts';

/** The name field of the save form (SaveForm.tsx), where a finished capture leads. */
const NAME_FIELD_ID = 'enroll-name';

/** The preview is mirrored (people expect a mirror); boxes and landmarks are flipped to match it. */
function mirrorBox(box: Box, width: number): Box {
  return { ...box, x1: width - box.x2, x2: width - box.x1 };
}

function mirrorLandmarks([a, b, c, d, e]: Landmarks, width: number): Landmarks {
  const mirror = ([x, y]: Point): Point => [width - x, y];
  return [mirror(a), mirror(b), mirror(c), mirror(d), mirror(e)];
}

function marksOf(live: LiveView, holding: boolean): FaceMark[] {
  const { verdict, faces, width } = live;
  return faces.map((face, i) => {
    const judged = i === verdict.face;
    const firstIssue = verdict.issues[0];
    const label = judged
      ? verdict.accepted
        ? holding
          ? 'Hold still…'
          : 'Looks good'
        : firstIssue
          ? issueTitle(firstIssue)
          : ''
      : 'Another face';
    return {
      box: mirrorBox(face.box, width),
      landmarks: mirrorLandmarks(face.landmarks, width),
      label,
      detail: poseText(face.pose),
      tone: judged ? (verdict.accepted ? 'known' : 'uncertain') : 'filtered',
    };
  });
}

function CameraIntro({
  capture,
  ready,
  startRef,
}: {
  readonly capture: WebcamCapture;
  readonly ready: boolean;
  readonly startRef: RefObject<HTMLButtonElement | null>;
}) {
  return (
    <div className="stack enroll-intro">
      <p>
        The camera takes a few shots of your face while you turn your head a little, and keeps only the ones that pass every quality check.
        Nothing leaves this device, and nothing is saved until you press Save.
      </p>
      <div className="row">
        <label htmlFor="enroll-shot-count">Shots to take</label>
        <select
          id="enroll-shot-count"
          value={capture.target}
          onChange={(e) => capture.setTarget(Number(e.currentTarget.value))}
          data-testid="enroll-shot-count"
        >
          {SHOT_COUNT_CHOICES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <button
          ref={startRef}
          type="button"
          className="primary"
          onClick={capture.start}
          disabled={!ready}
          data-testid="enroll-start-camera"
        >
          {capture.finished ? 'Take more shots' : 'Start camera'}
        </button>
      </div>
      {!ready && <p className="muted">Loading face models… the camera can start once they are ready.</p>}
    </div>
  );
}

export function WebcamPanel({
  capture,
  videoRef,
  ready,
  hasShots,
  onUsePhotos,
}: {
  readonly capture: WebcamCapture;
  readonly videoRef: RefObject<HTMLVideoElement | null>;
  readonly ready: boolean;
  /** Shots are waiting to be saved (the "all taken" note is about them). */
  readonly hasShots: boolean;
  readonly onUsePhotos: () => void;
}) {
  const { camera, live } = capture;
  const startRef = useRef<HTMLButtonElement>(null);
  const stopRef = useRef<HTMLButtonElement>(null);
  // Start camera gives way to Stop camera; a stop goes back to Start; the end of capture leads on to the name.
  const focusState = camera.status === 'off' && capture.finished ? 'finished' : camera.status === 'starting' ? 'on' : camera.status;
  useFocusAfterChange(focusState, (state) => {
    if (state === 'on') return stopRef.current;
    if (state === 'off') return startRef.current;
    return state === 'finished' ? document.getElementById(NAME_FIELD_ID) : null;
  });

  if (camera.status === 'error') {
    return (
      <div className="stack" data-testid="enroll-camera-error">
        <Notice kind="error">
          <strong>{camera.title}</strong> {camera.help}
        </Notice>
        <div className="row">
          <button type="button" className="primary" onClick={capture.start} disabled={!ready}>
            Try again
          </button>
          <button type="button" onClick={onUsePhotos} data-testid="enroll-use-photos">
            Use photos instead
          </button>
        </div>
      </div>
    );
  }

  if (camera.status === 'off') {
    return (
      <>
        {capture.finished && !capture.endedStill && hasShots && (
          <Notice kind="success" testId="enroll-capture-done">
            Camera done: {capture.target} shots taken, and the camera is off. Check the shots, enter a name and save — or take more.
          </Notice>
        )}
        {capture.endedStill && (
          <Notice kind="info" testId="enroll-capture-done">
            Camera done: {capture.taken === 0 ? 'no new shot' : plural(capture.taken, 'shot')}, as your head kept the same angle (shots that
            only repeat one another are not kept). Shots from a few slightly different angles recognise you better: press Take more shots
            and turn your head a little when asked{hasShots ? ', or save these' : ''}.
          </Notice>
        )}
        <CameraIntro capture={capture} ready={ready} startRef={startRef} />
      </>
    );
  }

  const verdict = live?.verdict ?? null;
  const firstIssue = verdict?.issues[0];
  const instruction = !live
    ? 'Starting the preview…'
    : verdict?.accepted
      ? capture.holding
        ? 'Hold still…'
        : capture.prompt.text
      : (firstIssue?.message ?? '');

  return (
    <div className="stack enroll-live">
      {camera.status === 'starting' && (
        <p role="status" className="muted" data-testid="enroll-camera-starting">
          Waiting for the camera… If your browser asks, allow access to the camera.
        </p>
      )}
      <div className="enroll-stage">
        <Annotated width={live?.width ?? 0} height={live?.height ?? 0} faces={live ? marksOf(live, capture.holding) : []}>
          <video
            ref={videoRef}
            className="enroll-video"
            autoPlay
            muted
            playsInline
            aria-label="Camera preview (mirrored)"
            data-testid="enroll-video"
          />
        </Annotated>
      </div>
      <p
        className={`enroll-instruction${verdict?.accepted ? ' enroll-instruction-ok' : ''}`}
        aria-live="polite"
        data-testid="enroll-instruction"
      >
        {instruction}
      </p>
      {verdict?.accepted && !capture.holding && capture.taken > 0 && (
        <p className="muted enroll-instruction-hint">
          A slightly different angle for each shot helps recognition. If you keep still, the camera stops after a few seconds with the shots
          it has.
        </p>
      )}
      <QualityChecklist verdict={verdict} />
      <ProgressBar label="Shots taken" value={capture.taken} max={capture.target} detail={`${capture.taken} of ${capture.target}`} />
      <p className="visually-hidden" aria-live="polite">
        {capture.taken > 0 ? `Shot ${capture.taken} of ${capture.target} taken.` : ''}
      </p>
      {capture.engineError && <Notice kind="error">The face engine failed on a frame: {capture.engineError}. It keeps trying.</Notice>}
      <div className="row enroll-live-actions">
        <button ref={stopRef} type="button" onClick={capture.stop} data-testid="enroll-stop-camera">
          Stop camera
        </button>
        <span className="muted enroll-fps" data-testid="enroll-fps">
          {capture.fps > 0 ? `${capture.fps.toFixed(1)} frames/s` : ''}
        </span>
      </div>
    </div>
  );
}
