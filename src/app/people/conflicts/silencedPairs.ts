/**
 * Conflicts the user has dismissed ("They are different people", "Keep it here"), kept in
 * localStorage under the app's prefix (so "Delete everything" removes them) as pairs of ids: two
 * people, or a sample and the person it looked like.
 */
import { STORAGE_KEY_PREFIX } from '../../settings/settings.ts';

export const SILENCED_KEY = `${STORAGE_KEY_PREFIX}-silenced-conflicts-v1`;

/** One key per unordered pair: (a, b) and (b, a) are the same pair. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\n${b}` : `${b}\n${a}`;
}

/** Stored text (a JSON list of [id, id] pairs) to keys; anything malformed is dropped, never thrown. */
export function parseSilenced(text: string | null): Set<string> {
  const keys = new Set<string>();
  if (!text) return keys;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return keys;
  }
  if (!Array.isArray(parsed)) return keys;
  for (const pair of parsed as unknown[]) {
    if (!Array.isArray(pair) || pair.length !== 2) continue;
    const [a, b] = pair as unknown[];
    if (typeof a === 'string' && typeof b === 'string' && a && b && a !== b && !a.includes('\n') && !b.includes('\n'))
      keys.add(pairKey(a, b));
  }
  return keys;
}

export function serializeSilenced(keys: ReadonlySet<string>): string {
  return JSON.stringify([...keys].sort().map((key) => key.split('\n')));
}

export function loadSilenced(): Set<string> {
  try {
    return parseSilenced(localStorage.getItem(SILENCED_KEY));
  } catch {
    return new Set();
  }
}

export function saveSilenced(keys: ReadonlySet<string>): void {
  try {
    localStorage.setItem(SILENCED_KEY, serializeSilenced(keys));
  } catch {
    // Storage full or disabled: the pair stays silenced for this visit.
  }
}
