/** The user's settings: defaults from the core pipeline, persisted in localStorage, validated on load. */
import { DEFAULT_MATCH_SETTINGS, type MatchSettings } from '../../core/search/match.ts';
import { DEFAULT_POSE_LIMITS, type PoseLimits } from '../../core/pipeline/pose.ts';
import type { BackendPreference } from '../../runtime/session.ts';
import { DEFAULT_REQUEST_OPTIONS } from '../../worker/requests.ts';

export interface AppSettings {
  readonly threshold: number;
  readonly uncertainBand: number;
  readonly maxYaw: number;
  readonly maxPitch: number;
  /** Recognise only the largest face in a photo or frame (a gate or clock-in terminal). */
  readonly largestFaceOnly: boolean;
  /** Flip test-time augmentation: steadier embeddings for twice the embedding time. */
  readonly flip: boolean;
  readonly backend: BackendPreference;
}

export const DEFAULT_SETTINGS: AppSettings = {
  threshold: DEFAULT_MATCH_SETTINGS.threshold,
  uncertainBand: DEFAULT_MATCH_SETTINGS.uncertainBand,
  maxYaw: DEFAULT_POSE_LIMITS.maxYaw,
  maxPitch: DEFAULT_POSE_LIMITS.maxPitch,
  largestFaceOnly: DEFAULT_REQUEST_OPTIONS.largestFaceOnly,
  flip: DEFAULT_REQUEST_OPTIONS.flip,
  backend: 'auto',
};

export const SETTING_RANGES = {
  threshold: { min: 0.2, max: 0.8, step: 0.01 },
  uncertainBand: { min: 0, max: 0.2, step: 0.01 },
  maxYaw: { min: 10, max: 90, step: 5 },
  maxPitch: { min: 10, max: 90, step: 5 },
} as const;

/** Every localStorage key of the app starts with this ("Delete everything" removes them all). */
export const STORAGE_KEY_PREFIX = 'faceprint';
const STORAGE_KEY = `${STORAGE_KEY_PREFIX}-settings-v1`;

function clampNumber(value: unknown, key: keyof typeof SETTING_RANGES): number {
  const { min, max } = SETTING_RANGES[key];
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : DEFAULT_SETTINGS[key];
}

/** Anything stored by an older version or edited by hand is clamped back into range. */
export function parseSettings(text: string | null): AppSettings {
  if (!text) return DEFAULT_SETTINGS;
  let raw: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return DEFAULT_SETTINGS;
    raw = parsed as Record<string, unknown>;
  } catch {
    return DEFAULT_SETTINGS;
  }
  const backend = raw.backend === 'wasm' || raw.backend === 'webgpu' || raw.backend === 'auto' ? raw.backend : DEFAULT_SETTINGS.backend;
  return {
    threshold: clampNumber(raw.threshold, 'threshold'),
    uncertainBand: clampNumber(raw.uncertainBand, 'uncertainBand'),
    maxYaw: clampNumber(raw.maxYaw, 'maxYaw'),
    maxPitch: clampNumber(raw.maxPitch, 'maxPitch'),
    largestFaceOnly: typeof raw.largestFaceOnly === 'boolean' ? raw.largestFaceOnly : DEFAULT_SETTINGS.largestFaceOnly,
    flip: typeof raw.flip === 'boolean' ? raw.flip : DEFAULT_SETTINGS.flip,
    backend,
  };
}

export function loadSettings(): AppSettings {
  try {
    return parseSettings(localStorage.getItem(STORAGE_KEY));
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export function saveSettings(settings: AppSettings): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // Storage full or disabled: the settings still apply for this visit.
  }
}

export function matchSettings(s: AppSettings): MatchSettings {
  return { threshold: s.threshold, uncertainBand: s.uncertainBand };
}

export function poseLimits(s: AppSettings): PoseLimits {
  return { maxYaw: s.maxYaw, maxPitch: s.maxPitch, maxRoll: DEFAULT_POSE_LIMITS.maxRoll };
}
