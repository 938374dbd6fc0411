/** Choose who to merge a person into, and confirm: their samples move over and they are removed. */
import { useId, useState } from 'react';
import type { PersonSummary } from '../../worker/api.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { plural } from '../../core/text.ts';

export function MergeDialog({
  person,
  others,
  initialTarget,
  onMerge,
  onClose,
}: {
  readonly person: PersonSummary;
  readonly others: readonly PersonSummary[];
  readonly initialTarget: PersonSummary | null;
  /** Resolves when done (true: merged). */
  readonly onMerge: (into: PersonSummary) => Promise<boolean>;
  readonly onClose: () => void;
}) {
  const [targetId, setTargetId] = useState(initialTarget?.id ?? others[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const selectId = useId();
  const target = others.find((p) => p.id === targetId) ?? null;
  return (
    <ConfirmDialog
      title={`Merge ${person.name} into someone else`}
      confirmLabel={target ? `Merge into ${target.name}` : 'Merge'}
      busy={busy}
      testId="merge-dialog"
      onCancel={onClose}
      onConfirm={() => {
        if (!target) return;
        setBusy(true);
        void onMerge(target).then(() => {
          setBusy(false);
          onClose();
        });
      }}
    >
      <p>Use this when the same person was enrolled twice under different names.</p>
      <label htmlFor={selectId}>Merge into</label>
      <select id={selectId} value={targetId} onChange={(event) => setTargetId(event.target.value)} data-testid="merge-target">
        {others.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({plural(p.sampleCount, 'sample')})
          </option>
        ))}
      </select>
      {target && (
        <p className="muted" data-testid="merge-summary">
          {plural(person.sampleCount, 'sample')} of {person.name} will move to {target.name}, who will then have{' '}
          {plural(person.sampleCount + target.sampleCount, 'sample')}. {person.name} will be removed. This cannot be undone.
        </p>
      )}
    </ConfirmDialog>
  );
}
