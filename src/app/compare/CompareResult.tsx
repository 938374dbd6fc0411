/** The verdict: the two aligned faces side by side, their similarity on the threshold scale, and what it means. */
import type { MatchSettings } from '../../core/search/match.ts';
import type { FaceResult } from '../../worker/api.ts';
import { BlobImage } from '../components/BlobImage.tsx';
import { Notice } from '../components/Notice.tsx';
import { similarityText } from '../format.ts';
import type { CompareOutcome } from './useCompare.ts';
import { thresholdExplanation } from './verdict.ts';

/**
 * The scale runs over every value a cosine similarity can take, −1 to 1, so a negative similarity is
 * shown where it is instead of being pinned at the left end.
 */
const SCALE_MIN = -1;
const SCALE_MAX = 1;
const scalePosition = (v: number): number => (Math.min(SCALE_MAX, Math.max(SCALE_MIN, v)) - SCALE_MIN) / (SCALE_MAX - SCALE_MIN);
const pct = (v: number): string => `${(scalePosition(v) * 100).toFixed(1)}%`;
/** "−0.05" with a real minus sign, as on the ticks. */
const signed = (v: number): string => similarityText(v).replace(/^-/, '−');

/** −1 to 1 with the "different", "uncertain" and "same" zones, the threshold marked, and the pair's score. */
function SimilarityScale({ similarity, settings }: { readonly similarity: number; readonly settings: MatchSettings }) {
  const high = settings.threshold;
  const low = Math.max(SCALE_MIN, settings.threshold - settings.uncertainBand);
  const band = settings.uncertainBand > 0 ? `, ${signed(low)} to ${signed(high)} is uncertain` : '';
  return (
    <div className="sim-scale-wrap">
      <div
        className="sim-scale"
        role="img"
        data-testid="sim-scale"
        aria-label={`Similarity ${signed(similarity)} on a scale from −1 to 1: ${signed(high)} or more is the same person${band}, below ${signed(low)} is different people.`}
      >
        <div className="sim-zone sim-zone-different" style={{ width: pct(low) }} />
        <div className="sim-zone sim-zone-uncertain" style={{ width: `calc(${pct(high)} - ${pct(low)})` }} data-testid="sim-band" />
        <div className="sim-zone sim-zone-same" />
        <div className="sim-threshold" style={{ left: pct(high) }} data-testid="sim-threshold" data-value={high} />
        <div className="sim-marker" style={{ left: pct(similarity) }} data-testid="sim-marker" data-value={similarity} />
      </div>
      <div className="sim-ticks" aria-hidden="true">
        <span style={{ left: '0%' }}>−1</span>
        <span style={{ left: pct(0) }}>0</span>
        <span style={{ left: '100%' }}>1</span>
      </div>
      <p className="sim-legend" aria-hidden="true">
        <span className="sim-legend-threshold" style={{ left: pct(high) }}>
          threshold {signed(high)}
        </span>
      </p>
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
    <section
      className={`card compare-result${showPair ? '' : ' compare-result-single'}`}
      aria-labelledby="compare-result-heading"
      data-testid="compare-result"
      data-kind={outcome.kind}
    >
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
