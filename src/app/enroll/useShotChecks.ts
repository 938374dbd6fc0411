/**
 * Checks on the shots before saving, against the 'people' gallery:
 * - strict: a shot closer to someone already enrolled than to this person's other shots (or, alone,
 *   matching them) is flagged — it may be the wrong face;
 * - the shots as a whole match someone already enrolled under another name;
 * - the name is already enrolled (saving adds to them), and whether the shots look like them.
 */
import { useEffect, useMemo, useState } from 'react';
import { cosineSimilarity } from '../../core/search/match.ts';
import type { CandidateView, PersonSummary } from '../../worker/api.ts';
import type { EngineApi } from '../engine/EngineContext.tsx';
import { useEngine } from '../engine/EngineContext.tsx';
import { matchRequest } from '../engine/requests.ts';
import { useGallery } from '../engine/useGallery.ts';
import type { AppSettings } from '../settings/settings.ts';
import { errorMessage } from '../../core/text.ts';
import type { Shot } from './shots.ts';

/** Enough candidates to also find the named person when someone else scores higher. */
const SEARCH_TOP_K = 5;

export interface ShotCheck {
  /** The most similar person already enrolled, when the gallery has anyone. */
  readonly closest: CandidateView | null;
  /** Best similarity to this enrollment's other shots; null for a lone shot. */
  readonly ownBest: number | null;
  /** Closer to someone else already enrolled than to the other shots. */
  readonly otherPerson: boolean;
}

export interface Lookalike {
  readonly personId: string;
  readonly name: string;
  readonly similarity: number;
  /** How many shots match them, of how many compared. */
  readonly shots: number;
  readonly of: number;
}

export interface ShotChecks {
  readonly byShot: ReadonlyMap<string, ShotCheck>;
  /** The person already enrolled under the typed name (saving adds the shots to them). */
  readonly existing: PersonSummary | null;
  /** The shots' best similarity to `existing`, when it is too low to be the same person. */
  readonly unlikeExisting: { readonly similarity: number | null } | null;
  /** Someone enrolled under another name whom most of the shots match. */
  readonly lookalike: Lookalike | null;
  readonly checking: boolean;
  readonly error: string | null;
}

const nameKey = (name: string): string => name.trim().toLowerCase();

function ownBest(shot: Shot, shots: readonly Shot[]): number | null {
  let best: number | null = null;
  for (const other of shots) {
    if (other.id === shot.id) continue;
    const similarity = cosineSimilarity(shot.embedding, other.embedding);
    if (best === null || similarity > best) best = similarity;
  }
  return best;
}

export function useShotChecks(api: EngineApi | null, settings: AppSettings, shots: readonly Shot[], name: string): ShotChecks {
  const { galleryVersion } = useEngine();
  const version = galleryVersion.people;
  const { people } = useGallery('people');
  // Search results per shot, for one version of the gallery: a new shot is searched alone, and
  // everything again when the gallery changes.
  const [found, setFound] = useState<{ readonly version: number; readonly candidates: ReadonlyMap<string, readonly CandidateView[]> }>({
    version,
    candidates: new Map(),
  });
  const [error, setError] = useState<string | null>(null);
  const cache = found.version === version ? found.candidates : null;
  const missing = useMemo(() => shots.filter((s) => !cache?.has(s.id)), [shots, cache]);

  useEffect(() => {
    if (!api || missing.length === 0) return;
    let live = true;
    const request = matchRequest(settings, 'people', SEARCH_TOP_K);
    Promise.all(missing.map(async (s) => [s.id, (await api.search(s.embedding, request)).candidates] as const)).then(
      (results) => {
        if (!live) return;
        setFound((previous) => ({
          version,
          candidates: new Map([...(previous.version === version ? previous.candidates : []), ...results]),
        }));
        setError(null);
      },
      (e: unknown) => live && setError(`Could not compare with the people already enrolled: ${errorMessage(e)}`),
    );
    return () => {
      live = false;
    };
  }, [api, missing, version, settings]);

  const { threshold, uncertainBand } = settings;
  const typedKey = nameKey(name);
  const existing = useMemo(
    () => (typedKey === '' ? null : (people?.find((p) => nameKey(p.name) === typedKey) ?? null)),
    [people, typedKey],
  );

  return useMemo(() => {
    const byShot = new Map<string, ShotCheck>();
    const matches = new Map<string, { personId: string; name: string; similarity: number; shots: number }>();
    let bestToExisting: number | null = null;
    let searched = 0;
    for (const shot of shots) {
      const candidates = cache?.get(shot.id);
      if (!candidates) continue;
      searched += 1;
      const own = ownBest(shot, shots);
      const closest = candidates[0] ?? null;
      const isNamedPerson = closest !== null && nameKey(closest.name) === typedKey;
      const otherPerson = closest !== null && !isNamedPerson && (own === null ? closest.similarity >= threshold : closest.similarity > own);
      byShot.set(shot.id, { closest, ownBest: own, otherPerson });
      if (closest && !isNamedPerson && closest.similarity >= threshold) {
        const m = matches.get(closest.personId) ?? { personId: closest.personId, name: closest.name, similarity: 0, shots: 0 };
        matches.set(closest.personId, { ...m, similarity: Math.max(m.similarity, closest.similarity), shots: m.shots + 1 });
      }
      if (existing) {
        const toExisting = candidates.find((c) => c.personId === existing.id)?.similarity;
        if (toExisting !== undefined && (bestToExisting === null || toExisting > bestToExisting)) bestToExisting = toExisting;
      }
    }
    // Only when most shots match them: a stray shot or two is the strict warning's business.
    const top = [...matches.values()].sort((a, b) => b.shots - a.shots || b.similarity - a.similarity)[0] ?? null;
    const lookalike = top && top.shots * 2 > searched ? { ...top, of: searched } : null;
    const complete = searched === shots.length;
    const unlikeExisting =
      existing && complete && shots.length > 0 && (bestToExisting === null || bestToExisting < threshold - uncertainBand)
        ? { similarity: bestToExisting }
        : null;
    return { byShot, existing, unlikeExisting, lookalike, checking: !complete && error === null, error };
  }, [shots, cache, typedKey, existing, threshold, uncertainBand, error]);
}
