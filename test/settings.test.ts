/** How stored settings are read back, and what they mean for matching and the pose filter (src/app/settings/settings.ts). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, matchSettings, parseSettings, poseLimits, type AppSettings } from '../src/app/settings/settings.ts';
import { DEFAULT_MATCH_SETTINGS } from '../src/core/search/match.ts';
import { DEFAULT_POSE_LIMITS } from '../src/core/pipeline/pose.ts';

describe('settings', () => {
  it('with nothing stored, matches and filters poses exactly as the core defaults do', () => {
    const fresh = parseSettings(null);
    expect(matchSettings(fresh)).toEqual(DEFAULT_MATCH_SETTINGS);
    expect(poseLimits(fresh)).toEqual(DEFAULT_POSE_LIMITS);
  });

  it('uses the defaults for nothing stored, garbage, or JSON that is not an object', () => {
    for (const text of [null, '', 'not json', '{"threshold":', '42', '"text"', 'null', 'true']) {
      expect(parseSettings(text), String(text)).toEqual(DEFAULT_SETTINGS);
    }
    expect(parseSettings('[]')).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('{}')).toEqual(DEFAULT_SETTINGS);
  });

  it('round-trips valid settings', () => {
    const mine: AppSettings = {
      threshold: 0.55,
      uncertainBand: 0.02,
      maxYaw: 30,
      maxPitch: 60,
      largestFaceOnly: true,
      flip: false,
      backend: 'webgpu',
    };
    expect(parseSettings(JSON.stringify(mine))).toEqual(mine);
    expect(parseSettings(JSON.stringify({ ...mine, backend: 'wasm' })).backend).toBe('wasm');
    expect(parseSettings(JSON.stringify(DEFAULT_SETTINGS))).toEqual(DEFAULT_SETTINGS);
  });

  it('clamps out-of-range numbers into range', () => {
    const high = parseSettings(JSON.stringify({ threshold: 5, uncertainBand: 1, maxYaw: 1000, maxPitch: 91 }));
    expect(high).toMatchObject({ threshold: 0.8, uncertainBand: 0.2, maxYaw: 90, maxPitch: 90 });
    const low = parseSettings(JSON.stringify({ threshold: -1, uncertainBand: -0.1, maxYaw: 0, maxPitch: 9 }));
    expect(low).toMatchObject({ threshold: 0.2, uncertainBand: 0, maxYaw: 10, maxPitch: 10 });
    // Edges stay as they are.
    expect(parseSettings(JSON.stringify({ threshold: 0.2, maxYaw: 90 }))).toMatchObject({ threshold: 0.2, maxYaw: 90 });
  });

  it('uses the default for each field of the wrong type, keeping the others', () => {
    const parsed = parseSettings(
      JSON.stringify({
        threshold: '0.6',
        uncertainBand: null,
        maxYaw: [30],
        maxPitch: 20,
        largestFaceOnly: 'true',
        flip: 0,
        backend: 'cuda',
      }),
    );
    expect(parsed).toEqual({ ...DEFAULT_SETTINGS, maxPitch: 20 });
    // JSON's 1e999 parses to Infinity: not a finite number, so the default.
    expect(parseSettings('{"threshold":1e999,"maxYaw":-1e999}')).toMatchObject({
      threshold: DEFAULT_SETTINGS.threshold,
      maxYaw: DEFAULT_SETTINGS.maxYaw,
    });
    expect(parseSettings('{"backend":"WASM"}').backend).toBe('auto');
  });

  it('derives the match settings and pose limits', () => {
    const s: AppSettings = { ...DEFAULT_SETTINGS, threshold: 0.6, uncertainBand: 0.03, maxYaw: 25, maxPitch: 40 };
    expect(matchSettings(s)).toEqual({ threshold: 0.6, uncertainBand: 0.03 });
    expect(poseLimits(s)).toEqual({ maxYaw: 25, maxPitch: 40, maxRoll: DEFAULT_POSE_LIMITS.maxRoll });
    expect(poseLimits(DEFAULT_SETTINGS)).toEqual(DEFAULT_POSE_LIMITS);
  });
});
