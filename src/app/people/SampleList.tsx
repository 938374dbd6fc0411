/** A person's samples: the aligned face, where it came from, the head pose and when it was added. */
import { useState } from 'react';
import { BlobImage } from '../components/BlobImage.tsx';
import type { SampleView } from '../../worker/api.ts';
import { dateText, poseSummary } from './galleryText.ts';

function sourceText(source: string): string {
  return source === 'webcam' ? 'Webcam capture' : source || 'Unknown source';
}

export function SampleList({
  samples,
  personName,
  onDelete,
  disabled,
}: {
  readonly samples: readonly SampleView[];
  readonly personName: string;
  readonly onDelete: (sample: SampleView) => Promise<void>;
  readonly disabled: boolean;
}) {
  const [deleting, setDeleting] = useState<string | null>(null);
  return (
    <ul className="sample-grid" data-testid="sample-list">
      {samples.map((sample, i) => (
        <li key={sample.id} className="sample-card" data-testid="sample">
          <BlobImage
            blob={sample.thumbnail}
            alt={`Sample ${i + 1} of ${personName}`}
            className="thumb sample-face"
            data-testid="sample-thumbnail"
          />
          <div className="sample-info">
            <span className="sample-source" title={sample.source} data-testid="sample-source">
              {sourceText(sample.source)}
            </span>
            <span className="muted" data-testid="sample-pose">
              {sample.pose ? poseSummary(sample.pose) : 'Head pose not recorded'}
            </span>
            <span className="muted">
              Added <time dateTime={sample.createdAt}>{dateText(sample.createdAt)}</time>
            </span>
          </div>
          <button
            type="button"
            className="danger small"
            disabled={disabled || deleting !== null}
            aria-label={`Delete sample ${i + 1} (${sourceText(sample.source)})`}
            data-testid="sample-delete"
            onClick={() => {
              setDeleting(sample.id);
              void onDelete(sample).finally(() => setDeleting(null));
            }}
          >
            {deleting === sample.id ? 'Deleting…' : 'Delete'}
          </button>
        </li>
      ))}
    </ul>
  );
}
