/**
 * Enroll: add a person to the 'people' gallery from webcam shots (quality-gated, a few head poses) or
 * from photos, check the shots against who is already enrolled, name them and save.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { plural } from '../../core/text.ts';
import { Notice } from '../components/Notice.tsx';
import { useEngine, useReadyEngine } from '../engine/EngineContext.tsx';
import { useSettings } from '../settings/SettingsContext.tsx';
import './enroll.css';
import { ModeTabs, panelId, tabId, type EnrollMode } from './ModeTabs.tsx';
import { PhotoPanel } from './PhotoPanel.tsx';
import { SaveForm } from './SaveForm.tsx';
import { ShotList } from './ShotList.tsx';
import type { Shot } from './shots.ts';
import { useEnroll, type SavedPerson } from './useEnroll.ts';
import { usePhotoShots } from './usePhotoShots.ts';
import { useShotChecks } from './useShotChecks.ts';
import { useWebcamCapture } from './useWebcamCapture.ts';
import { WebcamPanel } from './WebcamPanel.tsx';

function SavedNotice({ saved, onDismiss }: { readonly saved: SavedPerson; readonly onDismiss: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  // Focus moves to the result, so keyboard and screen-reader users hear it and can follow the link.
  useEffect(() => ref.current?.focus(), [saved]);
  const previous = saved.total - saved.added;
  return (
    <div ref={ref} tabIndex={-1} className="enroll-saved">
      <Notice kind="success" testId="enroll-success">
        <strong>{saved.name}</strong> {previous > 0 ? 'was updated' : 'is enrolled'}: {plural(saved.added, 'new sample')}
        {previous > 0 ? `, ${saved.total} in all` : ''}.{' '}
        <span className="enroll-saved-actions">
          <a href="#/identify" className="button primary" data-testid="enroll-go-identify">
            Try it on Identify
          </a>
          <button type="button" onClick={onDismiss}>
            Enroll someone else
          </button>
        </span>
      </Notice>
    </div>
  );
}

export function EnrollScreen() {
  const { settings } = useSettings();
  const { api } = useEngine();
  const ready = useReadyEngine();
  const enroll = useEnroll(api);
  const [mode, setMode] = useState<EnrollMode>('webcam');

  const addShot = enroll.addShots;
  const onShot = useCallback((shot: Shot) => addShot([shot]), [addShot]);
  const videoRef = useRef<HTMLVideoElement>(null);
  const webcam = useWebcamCapture(videoRef, ready, settings, enroll.shots, onShot);
  const photos = usePhotoShots(ready, settings, enroll.addShots, enroll.suggestName);
  const checks = useShotChecks(api, settings, enroll.shots, enroll.name);
  const shotIds = useMemo(() => new Set(enroll.shots.map((s) => s.id)), [enroll.shots]);
  const where = useMemo(() => ({ shotIds, savedTo: enroll.savedTo }), [shotIds, enroll.savedTo]);

  const { stop: stopWebcam } = webcam;
  const changeMode = useCallback(
    (next: EnrollMode) => {
      // The camera is only on while its tab is shown.
      if (next !== 'webcam') stopWebcam();
      setMode(next);
    },
    [stopWebcam],
  );

  const startOver = () => {
    webcam.stop();
    photos.clear();
    enroll.startOver();
  };

  return (
    <section aria-labelledby="enroll-heading" className="enroll">
      <h1 id="enroll-heading">Enroll</h1>
      <p className="lead">
        Add someone to the People gallery, from the webcam or from a few photos. The shots are checked against everyone already enrolled,
        and nothing is saved until you press Save.
      </p>

      {!ready && (
        <Notice kind="info" testId="enroll-loading">
          Loading face models… The camera and photo buttons work once they are ready.
        </Notice>
      )}
      {enroll.saved && <SavedNotice saved={enroll.saved} onDismiss={startOver} />}

      <div className="enroll-layout">
        <section className="card enroll-capture" aria-labelledby="enroll-capture-heading">
          <div className="enroll-capture-head">
            <h2 id="enroll-capture-heading">Capture</h2>
            <ModeTabs mode={mode} onChange={changeMode} />
          </div>
          <div role="tabpanel" id={panelId(mode)} aria-labelledby={tabId(mode)} data-testid={`enroll-panel-${mode}`}>
            {mode === 'webcam' ? (
              <WebcamPanel
                capture={webcam}
                videoRef={videoRef}
                ready={ready !== null}
                hasShots={enroll.shots.length > 0}
                onUsePhotos={() => changeMode('photos')}
              />
            ) : (
              <PhotoPanel photos={photos} ready={ready !== null} where={where} />
            )}
          </div>
        </section>

        <section className="card enroll-review" aria-labelledby="enroll-review-heading">
          <h2 id="enroll-review-heading">
            Shots{' '}
            <span className="enroll-count" data-testid="enroll-shot-count-label">
              {enroll.shots.length}
            </span>
          </h2>
          <ShotList shots={enroll.shots} checks={checks.byShot} onRemove={enroll.removeShot} />
          <SaveForm enroll={enroll} checks={checks} canSave={api !== null} onStartOver={startOver} />
        </section>
      </div>
    </section>
  );
}
