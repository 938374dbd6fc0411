/** Settings' "Your data" card: what Faceprint keeps in this browser, and deleting all of it. */
import { Notice } from '../components/Notice.tsx';
import { ConfirmDialog } from '../people/ConfirmDialog.tsx';
import { BackupEverything } from './BackupEverything.tsx';
import { StorageStatus } from './StorageStatus.tsx';
import { useDeleteEverything } from './useDeleteEverything.ts';

export function DeleteEverything() {
  const { state, available, ask, cancel, confirm } = useDeleteEverything();
  return (
    <section className="card settings-group your-data" aria-labelledby="settings-data">
      <h2 id="settings-data">Your data</h2>
      <p className="setting-help">
        Faceprint keeps everything in this browser and sends nothing anywhere: the People and Celebrities galleries (names, face embeddings
        and face thumbnails), these settings, the downloaded face models and an offline copy of the app.
      </p>
      <StorageStatus />
      <BackupEverything />
      <div className="your-data-actions">
        <button
          type="button"
          className="danger"
          onClick={ask}
          disabled={!available || state.status === 'deleting'}
          data-testid="delete-everything"
        >
          Delete everything…
        </button>
      </div>
      <div aria-live="polite">
        {state.status === 'done' && state.failures.length === 0 && (
          <Notice kind="success" testId="delete-everything-done">
            Everything Faceprint stored in this browser is deleted: both galleries, the settings, the face models and the offline copy.
            Faceprint keeps working in this tab; the next time it starts it downloads the face models again.
          </Notice>
        )}
        {state.status === 'done' && state.failures.length > 0 && (
          <Notice kind="error" testId="delete-everything-error">
            Some of it could not be deleted: {state.failures.join('; ')}. Try again, or clear this site&apos;s data in the browser&apos;s
            settings.
          </Notice>
        )}
      </div>
      {(state.status === 'confirming' || state.status === 'deleting') && (
        <ConfirmDialog
          title="Delete everything Faceprint stored in this browser?"
          confirmLabel="Delete everything"
          danger
          busy={state.status === 'deleting'}
          testId="delete-everything-dialog"
          onCancel={cancel}
          onConfirm={() => void confirm()}
        >
          <p>
            Both galleries (everyone enrolled and every celebrity), the settings, the downloaded face models and the offline copy of the app
            are deleted from this browser, and other open Faceprint tabs lose their galleries too. This cannot be undone: to keep a gallery,
            export it on the People screen first.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
