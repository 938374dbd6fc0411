/**
 * The webcam: asks for it only when the user starts it, and turns every failure into a plain message
 * with what to do (denied, no camera, busy, insecure page).
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { errorMessage } from '../../core/text.ts';

export type CameraState =
  | { readonly status: 'off' }
  | { readonly status: 'starting' }
  | { readonly status: 'on'; readonly stream: MediaStream }
  | { readonly status: 'error'; readonly title: string; readonly help: string };

export function cameraError(error: unknown): { title: string; help: string } {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return {
        title: 'Camera access was denied.',
        help: 'Allow the camera for this site (the camera icon in the address bar), then press “Start camera” again. You can also use photos instead.',
      };
    case 'NotFoundError':
    case 'OverconstrainedError':
      return { title: 'No camera was found.', help: 'Connect a camera and try again, or use photos instead.' };
    case 'NotReadableError':
    case 'AbortError':
      return {
        title: 'The camera is busy or could not start.',
        help: 'Close other apps or tabs that use the camera, then try again.',
      };
    default:
      return { title: 'The camera could not start.', help: errorMessage(error) };
  }
}

/** Shows the camera's stream in a <video> while both exist (the element may render after the stream). */
export function useVideoStream(videoRef: RefObject<HTMLVideoElement | null>, stream: MediaStream | null): void {
  useEffect(() => {
    const element = videoRef.current;
    if (!element || !stream) return;
    element.srcObject = stream;
    // Autoplay can be refused (a background tab): callers wait until frames arrive.
    element.play().catch(() => undefined);
    return () => {
      element.srcObject = null;
    };
  }, [videoRef, stream]);
}

export function useCamera(): { readonly state: CameraState; start(): void; stop(): void } {
  const [state, setState] = useState<CameraState>({ status: 'off' });
  const streamRef = useRef<MediaStream | null>(null);
  /** False once the screen is left: a camera that starts after that is stopped at once. */
  const mounted = useRef(true);

  const stop = useCallback(() => {
    streamRef.current?.getTracks().forEach((t) => t.stop());
    streamRef.current = null;
    setState({ status: 'off' });
  }, []);

  const start = useCallback(() => {
    if (!navigator.mediaDevices?.getUserMedia) {
      setState({
        status: 'error',
        title: 'This page cannot use a camera.',
        help: 'Open it over https (or localhost) in a current browser.',
      });
      return;
    }
    setState({ status: 'starting' });
    navigator.mediaDevices
      .getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' }, audio: false })
      .then(
        (stream) => {
          if (!mounted.current) {
            stream.getTracks().forEach((t) => t.stop());
            return;
          }
          streamRef.current?.getTracks().forEach((t) => t.stop());
          streamRef.current = stream;
          // Unplugged, or taken by the system: say so instead of showing a frozen picture.
          stream.getVideoTracks()[0]?.addEventListener('ended', () => {
            if (streamRef.current !== stream) return;
            streamRef.current = null;
            setState({
              status: 'error',
              title: 'The camera stopped.',
              help: 'It was disconnected or taken by another app. Reconnect it and press “Start camera” again.',
            });
          });
          setState({ status: 'on', stream });
        },
        (error: unknown) => setState({ status: 'error', ...cameraError(error) }),
      );
  }, []);

  // The camera light goes off when the screen is left, even if the camera was still starting.
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      streamRef.current?.getTracks().forEach((t) => t.stop());
      streamRef.current = null;
    };
  }, []);

  return { state, start, stop };
}
