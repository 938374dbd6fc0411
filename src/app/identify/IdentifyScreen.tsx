/**
 * Identify: who is in these photos? Photos (many, or a whole folder) are matched against the
 * 'people' gallery face by face; a live mode labels faces from the webcam.
 */
import { useState } from 'react';
import { plural } from '../../core/text.ts';
import { FileDrop } from '../components/FileDrop.tsx';
import { Notice } from '../components/Notice.tsx';
import { useReadyEngine } from '../engine/EngineContext.tsx';
import { useGallery } from '../engine/useGallery.ts';
import { useSettings } from '../settings/SettingsContext.tsx';
import { BatchPanel } from './BatchPanel.tsx';
import { faceLabel } from './faceLabel.ts';
import './identify.css';
import { ResultList } from './ResultList.tsx';
import { LiveIdentify } from './LiveIdentify.tsx';
import { useIdentifyBatch, type IdentifyEntry } from './useIdentifyBatch.ts';

type Mode = 'photos' | 'live';

function GalleryHint() {
  const { people, error } = useGallery('people');
  if (error) return <Notice kind="warning">The gallery could not be read ({error}): faces will show as Unknown.</Notice>;
  if (!people) return null;
  if (people.length === 0) {
    return (
      <Notice kind="info" testId="identify-empty-gallery">
        Nobody is enrolled yet — everyone will be Unknown. <a href="#/enroll">Enroll people first.</a>
      </Notice>
    );
  }
  return (
    <p className="muted identify-gallery-size" data-testid="identify-gallery-size">
      Matching against {people.length} enrolled {people.length === 1 ? 'person' : 'people'}.
    </p>
  );
}

/** "5 photos · 9 faces: 3 known, 6 unknown · 1 file could not be read". */
function resultsSummary(entries: readonly IdentifyEntry[]): string {
  let photos = 0;
  let failed = 0;
  const faces = { total: 0, known: 0, uncertain: 0, unknown: 0, filtered: 0 };
  for (const entry of entries) {
    if (entry.kind === 'failed') {
      failed++;
      continue;
    }
    photos++;
    for (const face of entry.analysis.faces) {
      faces.total++;
      faces[faceLabel(face).status]++;
    }
  }
  const parts = [plural(photos, 'photo')];
  const kinds = (
    [
      [faces.known, 'known'],
      [faces.uncertain, 'uncertain'],
      [faces.unknown, 'unknown'],
      [faces.filtered, 'not identified'],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, word]) => `${n} ${word}`);
  parts.push(`${plural(faces.total, 'face')}${kinds.length > 0 ? `: ${kinds.join(', ')}` : ''}`);
  if (failed > 0) parts.push(`${plural(failed, 'file')} could not be read`);
  return parts.join(' · ');
}

export function IdentifyScreen() {
  const api = useReadyEngine();
  const { settings } = useSettings();
  const batch = useIdentifyBatch(api, settings);
  const [mode, setMode] = useState<Mode>('photos');

  return (
    <section className="identify" aria-labelledby="identify-heading">
      <div className="identify-title">
        <div>
          <h1 id="identify-heading">Identify</h1>
          <p className="lead">Find out who is in your photos. Every face is matched against the people you enrolled, on this device.</p>
        </div>
        <div className="mode-switch" role="group" aria-label="Source">
          <button type="button" aria-pressed={mode === 'photos'} onClick={() => setMode('photos')} data-testid="identify-mode-photos">
            Photos
          </button>
          <button type="button" aria-pressed={mode === 'live'} onClick={() => setMode('live')} data-testid="identify-mode-live">
            Live webcam
          </button>
        </div>
      </div>

      <GalleryHint />

      {mode === 'live' ? (
        <LiveIdentify api={api} settings={settings} />
      ) : (
        <FileDrop
          onFiles={batch.add}
          label="Drop photos or a folder here"
          hint={
            api ? 'JPEG, PNG, WebP and more. Each face is boxed and named.' : 'Loading face models… You can add photos once they are ready.'
          }
          folders
          disabled={!api}
          testId="identify-drop"
        />
      )}

      {batch.progress && <BatchPanel progress={batch.progress} onCancel={batch.cancel} />}

      {batch.entries.length > 0 && (
        <section className="identify-results" aria-labelledby="identify-results-heading">
          <div className="identify-results-head">
            <div>
              <h2 id="identify-results-heading">Results</h2>
              <p className="muted" data-testid="identify-summary">
                {resultsSummary(batch.entries)}
              </p>
            </div>
            <button type="button" onClick={batch.clear} data-testid="identify-clear">
              Clear results
            </button>
          </div>
          <ResultList entries={batch.entries} />
        </section>
      )}
    </section>
  );
}
