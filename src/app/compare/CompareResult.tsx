/** The verdict: the two aligned faces side by side, their similarity on the threshold scale, and what it means. */
import type { MatchSettings } from '../../core/match.ts';
import type { FaceResult } from '../../worker/api.ts';
import { BlobImage } from '../components/BlobImage.tsx';
import { Notice } from '../components/Notice.tsx';
import { similarityText } from '../format.ts';
import type { CompareOutcome } from './useCompare.ts';
import { thresholdExplanation } from './verdict.ts';

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));
const pct = (v: number): string => `${(clamp01(v) * 100).toFixed(1)}%`;

/** 0 to 1 with the "different", "uncertain" and "same" zones, and the pair's score marked. */
function SimilarityScale({ similarity, settings }: { readonly similarity: number; readonly settings: MatchSettings }) {
  const low = clamp01(settings.threshold - settings.uncertainBand);
  const high = clamp01(settings.threshold);
  return (
    <div className="sim-scale-wrap">
      <div
        className="sim-scale"
        role="img"
        aria-label={`Similarity ${similarityText(similarity)} on a scale from 0 to 1; the same-person threshold is ${similarityText(settings.threshold)}.`}
      >
        <div className="sim-zone sim-zone-different" style={{ width: pct(low) }} />
        <div className="sim-zone sim-zone-uncertain" style={{ width: pct(high - low) }} />
        <div className="sim-zone sim-zone-same" />
        <div className="sim-marker" style={{ left: pct(similarity) }} />
      </div>
      <div className="sim-ticks" aria-hidden="true">
        <span style={{ left: '0%' }}>0</span>
        <span style={{ left: pct(high) }}>{similarityText(settings.threshold)}</span>
        <span style={{ left: '100%' }}>1</span>
      </div>
    </div>
  );
}

function FacePair({ a, b }: { readonly a: FaceResult | null; readonly b: FaceResult | null }) {
  return (
    <div className="compare-pair" data-testid="compare-thumbnails">
      <figure>
        <BlobImage blob={a?.thumbnail ?? null} alt="Aligned face from photo A" className="thumb" />
        <figcaption>A</figcaption>
      </figure>
      <span className="compare-pair-vs" aria-hidden="true">
        vs
      </span>
      <figure>
        <BlobImage blob={b?.thumbnail ?? null} alt="Aligned face from photo B" className="thumb" />
        <figcaption>B</figcaption>
      </figure>
    </div>
  );
}

export function CompareResult({
  outcome,
  faceA,
  faceB,
  settings,
}: {
  readonly outcome: CompareOutcome;
  readonly faceA: FaceResult | null;
  readonly faceB: FaceResult | null;
  readonly settings: MatchSettings;
}) {
  const showPair = faceA !== null && faceB !== null;
  return (
    <section className={`card compare-result${showPair ? '' : ' compare-result-single'}`} aria-labelledby="compare-result-heading" data-testid="compare-result" data-kind={outcome.kind}>
      <h2 id="compare-result-heading">Result</h2>
      <div aria-live="polite">
        {outcome.kind === 'waiting' && <p className="muted compare-waiting">{outcome.message}</p>}
        {outcome.kind === 'problem' && (
          <Notice kind="warning" testId="compare-problem">
            {outcome.messages.map((m) => (
              <p key={m}>{m}</p>
            ))}
          </Notice>
        )}
        {outcome.kind === 'verdict' && (
          <div className={`compare-verdict verdict-${outcome.verdict.kind}`}>
            <p className="compare-verdict-title" data-testid="compare-verdict" data-verdict={outcome.verdict.kind}>
              {outcome.verdict.title}
            </p>
            <p className="compare-similarity">
              Similarity <strong data-testid="compare-similarity">{similarityText(outcome.verdict.similarity)}</strong>
            </p>
            <SimilarityScale similarity={outcome.verdict.similarity} settings={settings} />
            <p className="compare-explanation muted" data-testid="compare-explanation">
              {thresholdExplanation(settings)}
            </p>
          </div>
        )}
      </div>
      {showPair && <FacePair a={faceA} b={faceB} />}
    </section>
  );
}
