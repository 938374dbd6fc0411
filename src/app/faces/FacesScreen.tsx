/**
 * Faces: who is in all these photos? Every face in the dropped photos is found and grouped by
 * likeness in the worker; the user names groups (enrolling them into People), merges, removes wrong
 * faces and ignores groups, and adds new photos of people already enrolled to their samples.
 */
import { clusterRuleText } from '../../core/search/cluster.ts';
import { FileDrop } from '../components/FileDrop.tsx';
import { Notice } from '../components/Notice.tsx';
import { useReadyEngine } from '../engine/EngineContext.tsx';
import { useSettings } from '../settings/SettingsContext.tsx';
import './faces.css';
import { fileName } from './foundFace.ts';
import { GroupingResults } from './GroupingResults.tsx';
import { ScanPanel } from './ScanPanel.tsx';
import { clusterSettings, useFaceGrouping } from './useFaceGrouping.ts';

export function FacesScreen() {
  const api = useReadyEngine();
  const { settings } = useSettings();
  const grouping = useFaceGrouping(api, settings);
  const { progress, grouped, failed } = grouping;
  const current = clusterSettings(settings);
  const busy = progress?.state === 'running' || progress?.state === 'grouping';
  const stale = grouped !== null && !busy && grouped.settings.match.threshold !== current.match.threshold;

  return (
    <section className="faces" aria-labelledby="faces-heading">
      <h1 id="faces-heading">Faces</h1>
      <p className="lead">
        Drop a folder of photos: every face in them is found and put with the faces of the same person. Name a group to enrol it in People.
        Nothing is saved until you name a group or add faces to someone.
      </p>
      <p className="muted faces-rule" data-testid="faces-rule">
        {clusterRuleText(current)} Faces like someone already enrolled go under that person.
      </p>

      <FileDrop
        onFiles={grouping.add}
        label="Drop photos or a folder here"
        hint={
          api
            ? grouped
              ? 'Photos added now join these and everything is grouped again (your corrections start over).'
              : 'Hundreds or thousands of photos are fine; they stay on this device.'
            : 'Loading face models… You can add photos once they are ready.'
        }
        folders
        disabled={!api}
        testId="faces-drop"
      />

      {progress && <ScanPanel progress={progress} counts={grouping.counts} onCancel={grouping.cancel} />}

      {failed.length > 0 && (
        <Notice kind="warning" testId="faces-failed">
          <p>{failed.length === 1 ? 'One file was left out:' : `${failed.length} files were left out:`}</p>
          <ul>
            {failed.slice(0, 20).map((f, k) => (
              <li key={k}>
                <strong>{fileName(f.path)}</strong>: {f.message}
              </li>
            ))}
            {failed.length > 20 && <li>…and {failed.length - 20} more.</li>}
          </ul>
        </Notice>
      )}
      {grouping.groupError && (
        <Notice kind="error" testId="faces-group-error">
          {grouping.groupError}
        </Notice>
      )}
      {grouped?.galleryProblem && (
        <Notice kind="warning">
          The People gallery could not be read ({grouped.galleryProblem}): faces were grouped without looking for people already enrolled.
        </Notice>
      )}
      {stale && (
        <Notice kind="info" testId="faces-stale">
          The match threshold changed in Settings since these faces were grouped.{' '}
          <button type="button" onClick={grouping.regroup} data-testid="faces-regroup">
            Group again
          </button>
        </Notice>
      )}

      {grouped && (
        <>
          <div className="row faces-results-actions">
            <button type="button" onClick={grouping.clear} data-testid="faces-clear">
              Clear results
            </button>
          </div>
          <GroupingResults key={grouped.id} grouped={grouped} api={api} />
        </>
      )}
    </section>
  );
}
