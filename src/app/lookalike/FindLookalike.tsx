/** Step 2: a webcam selfie or a dropped photo, what was captured, and the ranking (or why there is none). */
import { BlobImage } from '../components/BlobImage.tsx';
import { Annotated } from '../components/FaceOverlay.tsx';
import { FileDrop } from '../components/FileDrop.tsx';
import { Notice } from '../components/Notice.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import type { AppSettings } from '../settings/settings.ts';
import { LookalikeResults } from './LookalikeResults.tsx';
import { SelfieCamera } from './SelfieCamera.tsx';
import type { Lookalike, LookalikeState, Selfie, SelfieFace } from './useLookalike.ts';

/** The selfie as captured, with the face that was used marked. */
function SelfiePreview({ selfie, analysis }: { readonly selfie: Selfie; readonly analysis: SelfieFace | null }) {
  const faces = analysis
    ? [
        {
          box: analysis.face.box,
          landmarks: analysis.face.landmarks,
          label: '',
          tone: analysis.face.embedding ? ('neutral' as const) : ('filtered' as const),
        },
      ]
    : [];
  return (
    <figure className={`selfie-preview${selfie.origin === 'camera' ? ' mirrored' : ''}`} data-testid="selfie-preview">
      <Annotated width={analysis?.width ?? 0} height={analysis?.height ?? 0} faces={faces}>
        <BlobImage blob={selfie.image} alt={selfie.origin === 'camera' ? 'Your webcam selfie' : `Your photo ${selfie.label}`} />
      </Annotated>
      <figcaption className="muted">{selfie.label}</figcaption>
    </figure>
  );
}

/** What is announced (aria-live) as the selfie is analysed. */
function statusLine(state: LookalikeState): string {
  switch (state.status) {
    case 'idle':
      return '';
    case 'analyzing':
      return 'Finding your lookalike…';
    case 'problem':
      // The notice itself is announced.
      return '';
    case 'found': {
      const top = state.candidates[0];
      return top ? `Closest celebrity: ${top.name}.` : 'The celebrity gallery is empty.';
    }
  }
}

export function FindLookalike({
  lookalike,
  galleryEmpty,
  settings,
}: {
  readonly lookalike: Lookalike;
  /** True once the gallery is known to be empty (not while it loads). */
  readonly galleryEmpty: boolean;
  readonly settings: AppSettings;
}) {
  const { state, ready } = lookalike;
  const disabled = !ready || galleryEmpty;
  const busy = state.status === 'analyzing';
  const selfie = state.status === 'idle' ? null : state.selfie;
  const analysis = state.status === 'found' ? state.analysis : state.status === 'problem' ? state.analysis : null;

  return (
    <section className="card lookalike-find" aria-labelledby="find-heading" aria-busy={busy}>
      <div className="section-head">
        <h2 id="find-heading">
          <span className="step" aria-hidden="true">
            2
          </span>
          Find your lookalike
        </h2>
      </div>
      {galleryEmpty && (
        <Notice kind="info" testId="lookalike-empty-gallery">
          <strong>Your celebrity gallery is empty.</strong> Add celebrities in step 1 first: drop or choose a folder with one sub-folder of
          photos per person (for example <code>kit_harington/kit1.jpg</code>), or photos named after the person (
          <code>Tom_Hanks_2.jpg</code>). Then take a selfie or drop a photo of yourself here.
        </Notice>
      )}
      {!ready && <p className="muted small">Loading face models…</p>}
      <div className="selfie-inputs">
        <SelfieCamera disabled={disabled} busy={busy} onCapture={lookalike.fromVideo} />
        <FileDrop
          onFiles={lookalike.fromPhotos}
          label="Or drop a photo of yourself"
          hint="The largest face in the photo is used."
          multiple={false}
          disabled={disabled || busy}
          testId="selfie-drop"
        />
      </div>
      <p className="visually-hidden" role="status" data-testid="lookalike-status">
        {statusLine(state)}
      </p>
      {(selfie || state.status === 'problem') && (
        <div className={`lookalike-output${selfie ? '' : ' no-selfie'}`}>
          {selfie && <SelfiePreview selfie={selfie} analysis={analysis} />}
          <div className="lookalike-answer">
            {state.status === 'analyzing' && <ProgressBar label="Finding your lookalike…" value={0} max={0} />}
            {state.status === 'problem' && (
              <Notice kind={state.tone} testId="lookalike-problem">
                {state.message}
              </Notice>
            )}
            {state.status === 'found' && <LookalikeResults face={state.analysis.face} candidates={state.candidates} settings={settings} />}
          </div>
        </div>
      )}
    </section>
  );
}
