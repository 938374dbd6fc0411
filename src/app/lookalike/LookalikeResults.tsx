/**
 * The ranking: you beside your closest celebrity, then the top 5 with their faces and similarity.
 * Always shown, however low the scores: a lookalike is the nearest face, not an identification.
 */
import { useMemo } from 'react';
import { decide } from '../../core/search/match.ts';
import type { CandidateView, FaceResult } from '../../worker/api.ts';
import { BlobImage } from '../components/BlobImage.tsx';
import { Notice } from '../components/Notice.tsx';
import { percent } from '../format.ts';
import { matchSettings, type AppSettings } from '../settings/settings.ts';
import type { ShareCardInput } from './shareCard.ts';
import { ShareCardPanel } from './ShareCardPanel.tsx';

function ScoreNote({ candidates, settings }: { readonly candidates: readonly CandidateView[]; readonly settings: AppSettings }) {
  const decision = decide(candidates, matchSettings(settings));
  const best = decision.best;
  if (!best) return null;
  if (decision.status === 'known') {
    return (
      <p className="lookalike-note" data-testid="lookalike-note" data-note="same-person">
        That is above the identification threshold ({percent(settings.threshold)}): this may be {best.name} themselves.
      </p>
    );
  }
  if (decision.status === 'unknown') {
    return (
      <p className="lookalike-note" data-testid="lookalike-note" data-note="low">
        Nobody in the gallery looks much like you, so these are simply the nearest faces. More celebrities make for better lookalikes.
      </p>
    );
  }
  return null;
}

function MatchRow({ candidate, rank }: { readonly candidate: CandidateView; readonly rank: number }) {
  const width = `${Math.round(Math.min(1, Math.max(0, candidate.similarity)) * 100)}%`;
  return (
    <li className={`match-row${rank === 1 ? ' match-top' : ''}`} data-testid="lookalike-match" data-rank={rank}>
      <span className="match-rank">{rank}</span>
      <BlobImage blob={candidate.thumbnail} alt="" className="thumb match-face" />
      <span className="match-body">
        <span className="match-name" data-testid="lookalike-match-name" title={candidate.name}>
          {candidate.name}
        </span>
        <span className="match-bar" aria-hidden="true">
          <span style={{ width }} />
        </span>
      </span>
      <span className="match-percent" data-testid="lookalike-match-percent">
        {percent(candidate.similarity)}
      </span>
    </li>
  );
}

export function LookalikeResults({
  face,
  candidates,
  settings,
}: {
  readonly face: FaceResult;
  readonly candidates: readonly CandidateView[];
  readonly settings: AppSettings;
}) {
  const top = candidates[0];
  const yourFace = face.thumbnail;
  const share = useMemo<ShareCardInput | null>(
    () => (top ? { yourFace, matchFace: top.thumbnail, matchName: top.name, similarity: top.similarity } : null),
    [yourFace, top],
  );

  if (!top || !share) {
    return (
      <Notice kind="info" testId="lookalike-gallery-emptied">
        The celebrity gallery is empty now: add celebrities (step 1) to see who you look like.
      </Notice>
    );
  }
  return (
    <div className="lookalike-result" data-testid="lookalike-result">
      <div className="lookalike-hero" data-testid="lookalike-top">
        <figure className="hero-face">
          <BlobImage blob={yourFace} alt="Your face, as the model saw it" className="hero-thumb" data-testid="lookalike-your-face" />
          <figcaption>You</figcaption>
        </figure>
        <div className="hero-score" aria-hidden="true">
          <span className="hero-percent">{percent(top.similarity)}</span>
          <span className="hero-alike">alike</span>
        </div>
        <figure className="hero-face">
          <BlobImage blob={top.thumbnail} alt={top.name} className="hero-thumb" />
          <figcaption>{top.name}</figcaption>
        </figure>
      </div>
      <p className="hero-line">
        You look most like <strong data-testid="lookalike-top-name">{top.name}</strong>: {percent(top.similarity)} alike.
      </p>
      <ScoreNote candidates={candidates} settings={settings} />
      <h3 className="ranking-heading">Your top {candidates.length}</h3>
      <ol className="lookalike-ranking" data-testid="lookalike-results">
        {candidates.map((c, i) => (
          <MatchRow key={c.personId} candidate={c} rank={i + 1} />
        ))}
      </ol>
      <ShareCardPanel input={share} />
    </div>
  );
}
