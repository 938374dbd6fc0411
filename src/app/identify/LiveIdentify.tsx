/** The live webcam mode: the video with every face boxed and labelled, the faces in view, and fps. */
import { Annotated } from '../components/FaceOverlay.tsx';
import { useRef } from 'react';
import { Notice } from '../components/Notice.tsx';
import { useFocusAfterChange } from '../components/useFocusAfterChange.ts';
import type { EngineApi } from '../engine/EngineContext.tsx';
import { similarityText } from '../format.ts';
import type { AppSettings } from '../settings/settings.ts';
import { faceMark } from './faceLabel.ts';
import { useLiveIdentify } from './useLiveIdentify.ts';

export function LiveIdentify({ api, settings }: { readonly api: EngineApi | null; readonly settings: AppSettings }) {
  const { camera, videoRef, frame, labels, fps, latencyMs, error, start, stop } = useLiveIdentify(api, settings);
  const on = camera.status === 'on';
  const startRef = useRef<HTMLButtonElement>(null);
  const stopRef = useRef<HTMLButtonElement>(null);
  // Start camera is disabled, then replaced by Stop camera (and back): focus follows instead of dropping to the page.
  useFocusAfterChange(on, (isOn) => (isOn ? stopRef.current : startRef.current));
  const marks = frame ? frame.faces.map((f, i) => faceMark(f, labels[i])) : [];
  // Read out only when who is in view changes, not on every frame.
  const inView = !frame ? '' : labels.length === 0 ? 'No face in view' : `In view: ${labels.map((l) => l.name).join(', ')}`;

  return (
    <section className="card live" aria-labelledby="live-heading" data-testid="identify-live">
      <div className="live-head">
        <h2 id="live-heading">Live webcam</h2>
        <div className="live-controls">
          {on && (
            <span className="live-fps" data-testid="live-fps" aria-label="Frames analysed per second">
              {fps > 0 ? `${fps.toFixed(1)} fps` : 'Measuring fps…'}
            </span>
          )}
          {on && latencyMs > 0 && (
            <span className="live-fps" data-testid="live-latency" aria-label="From the camera to the result, in milliseconds">
              {Math.round(latencyMs)} ms
            </span>
          )}
          {on ? (
            <button ref={stopRef} type="button" onClick={stop} data-testid="live-stop">
              Stop camera
            </button>
          ) : (
            <button
              ref={startRef}
              type="button"
              className="primary"
              onClick={start}
              disabled={!api || camera.status === 'starting'}
              data-testid="live-start"
            >
              {camera.status === 'starting' ? 'Starting camera…' : 'Start camera'}
            </button>
          )}
        </div>
      </div>

      {!api && <p className="muted">Loading face models… The camera can start once they are ready.</p>}
      {camera.status === 'error' && (
        <Notice kind="error" testId="live-camera-error">
          <strong>{camera.title}</strong> {camera.help}
        </Notice>
      )}
      {on && error && (
        <Notice kind="warning" testId="live-engine-error">
          Frames could not be analysed: {error}. Trying again…
        </Notice>
      )}

      {on ? (
        <div className="live-body">
          <div className="live-video">
            <Annotated width={frame?.width ?? 0} height={frame?.height ?? 0} faces={marks}>
              <video ref={videoRef} muted playsInline autoPlay aria-label="Webcam preview with face labels" data-testid="live-video" />
            </Annotated>
          </div>
          <div className="live-faces-panel">
            <h3>In view</h3>
            {!frame ? (
              <p className="muted">Looking for faces…</p>
            ) : labels.length === 0 ? (
              <p className="muted" data-testid="live-no-face">
                No face in view. Face the camera in good light.
              </p>
            ) : (
              <ul className="live-faces">
                {labels.map((label, i) => (
                  <li key={i} className={`live-face face-${label.status}`} data-testid="live-face" data-status={label.status}>
                    <span className="live-face-name">{label.name}</span>
                    {label.similarity !== null && <span className="live-face-similarity">{similarityText(label.similarity)}</span>}
                    {label.detail && <span className="live-face-detail">{label.detail}</span>}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <p className="visually-hidden" aria-live="polite">
            {inView}
          </p>
        </div>
      ) : (
        camera.status !== 'error' && (
          <p className="live-placeholder muted">
            Start the camera to label faces as they appear. The video is analysed on this device and never sent anywhere.
          </p>
        )
      )}
    </section>
  );
}
