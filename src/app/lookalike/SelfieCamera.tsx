/** The webcam panel: start/stop the camera, a mirrored live preview, and "Take selfie", which hands the current frame on. */
import { useRef, useState } from 'react';
import { Notice } from '../components/Notice.tsx';
import { useCamera, useVideoStream } from '../components/useCamera.ts';

export function SelfieCamera({
  disabled,
  busy,
  onCapture,
}: {
  /** No models yet, or no celebrities to compare with. */
  readonly disabled: boolean;
  /** A selfie is being analysed. */
  readonly busy: boolean;
  readonly onCapture: (video: HTMLVideoElement) => void;
}) {
  const camera = useCamera();
  const video = useRef<HTMLVideoElement>(null);
  const stream = camera.state.status === 'on' ? camera.state.stream : null;
  // The stream whose first frame has arrived: a selfie before that would be black.
  const [playing, setPlaying] = useState<MediaStream | null>(null);
  const live = stream !== null && playing === stream;

  useVideoStream(video, stream);

  const capture = () => {
    if (video.current && live) onCapture(video.current);
  };

  return (
    <div className="selfie-camera" data-testid="selfie-camera">
      <div className={`camera-frame${stream ? ' camera-on' : ''}`}>
        {stream ? (
          <video
            ref={video}
            className="camera-video"
            muted
            playsInline
            autoPlay
            onLoadedData={() => setPlaying(stream)}
            aria-label="Camera preview (mirrored)"
            data-testid="camera-video"
          />
        ) : (
          <div className="camera-placeholder">
            <span className="camera-icon" aria-hidden="true" />
            <span>{camera.state.status === 'starting' ? 'Starting the camera…' : 'Camera is off'}</span>
          </div>
        )}
      </div>
      <div className="row camera-actions">
        {stream ? (
          <>
            <button type="button" className="primary" onClick={capture} disabled={disabled || busy || !live} data-testid="camera-capture">
              {busy ? 'Analysing…' : 'Take selfie'}
            </button>
            <button type="button" onClick={camera.stop} data-testid="camera-stop">
              Stop camera
            </button>
          </>
        ) : (
          <button
            type="button"
            className="primary"
            onClick={camera.start}
            disabled={disabled || camera.state.status === 'starting'}
            data-testid="camera-start"
          >
            Start camera
          </button>
        )}
      </div>
      {camera.state.status === 'error' && (
        <Notice kind="error" testId="camera-error">
          <strong>{camera.state.title}</strong> {camera.state.help}
        </Notice>
      )}
    </div>
  );
}
