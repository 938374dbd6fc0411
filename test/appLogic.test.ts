/**
 * The app's pure rules: how picked photos are named, when the enroll webcam takes a shot, what a
 * compare similarity means, and how stored settings are read back.
 */
import { describe, expect, it } from 'vitest';
import { isHiddenPath, nameCelebrityPhotos, pathSegments, pickedRoot } from '../src/app/lookalike/celebrityNames.ts';
import {
  HOLD_STILL_MS,
  isNewPose,
  MIN_POSE_CHANGE,
  MIN_SHOT_GAP_MS,
  poseChange,
  promptFor,
  sensibleName,
  suggestedName,
  wantsShot,
} from '../src/app/enroll/shots.ts';
import { judgeFaces } from '../src/app/enroll/gate.ts';
import { defaultFaceIndex, faceAt, thresholdExplanation, verdictOf } from '../src/app/compare/verdict.ts';
import { DEFAULT_SETTINGS, matchSettings, parseSettings, poseLimits, type AppSettings } from '../src/app/settings/settings.ts';
import { EMBEDDING_SIZE } from '../src/core/embed.ts';
import { cosineSimilarity, DEFAULT_MATCH_SETTINGS, type MatchSettings } from '../src/core/match.ts';
import { DEFAULT_POSE_LIMITS, type HeadPose } from '../src/core/pose.ts';
import type { PickedFile } from '../src/app/components/FileDrop.tsx';
import type { FaceResult } from '../src/worker/api.ts';

// ---------------------------------------------------------------------------------------------
// Helpers

/** A picked file whose File name is the last path segment (as the pickers give it). */
function picked(path: string): PickedFile {
  const name = path.split(/[\\/]/).pop() ?? path;
  return { file: new File([new Uint8Array([0xff, 0xd8])], name, { type: 'image/jpeg' }), path };
}

const namesOf = (paths: readonly string[]): string[] => nameCelebrityPhotos(paths.map(picked)).map((p) => p.name);

const pose = (yaw: number, pitch: number, roll = 0): HeadPose => ({ yaw, pitch, roll });

/**
 * Two unit 512-d vectors whose cosine is exactly 1 − flips/32: 64 entries of ±0.125 (a power of two,
 * so every product and sum is exact in float32 and double), the rest zero.
 */
function pairWithFlips(flips: number): { a: Float32Array; b: Float32Array; cosine: number } {
  const a = new Float32Array(EMBEDDING_SIZE);
  const b = new Float32Array(EMBEDDING_SIZE);
  for (let i = 0; i < 64; i++) {
    a[i] = 0.125;
    b[i] = i < flips ? -0.125 : 0.125;
  }
  return { a, b, cosine: 1 - flips / 32 };
}

function face(box: { x1: number; y1: number; x2: number; y2: number }, usable = true): FaceResult {
  const { x1, y1, x2, y2 } = box;
  const embedding = usable ? new Float32Array(EMBEDDING_SIZE).fill(1 / Math.sqrt(EMBEDDING_SIZE)) : null;
  return {
    box,
    score: 0.99,
    landmarks: [
      [x1, y1],
      [x2, y1],
      [(x1 + x2) / 2, (y1 + y2) / 2],
      [x1, y2],
      [x2, y2],
    ],
    pose: pose(0, 0),
    poseSource: 'model',
    poseCheck: usable ? { passed: true } : { passed: false, reason: 'turned left too far' },
    quality: { faceSize: Math.min(x2 - x1, y2 - y1), sharpness: 100, brightness: 120 },
    embedding,
    thumbnail: null,
    match: null,
  };
}

// ---------------------------------------------------------------------------------------------

describe('celebrity names from picked paths', () => {
  it('splits paths on both slashes and drops empty segments', () => {
    expect(pathSegments('people/kit_harington/kit1.jpg')).toEqual(['people', 'kit_harington', 'kit1.jpg']);
    expect(pathSegments('people\\kit_harington\\kit1.jpg')).toEqual(['people', 'kit_harington', 'kit1.jpg']);
    expect(pathSegments('/people//kit1.jpg/')).toEqual(['people', 'kit1.jpg']);
    expect(pathSegments('')).toEqual([]);
  });

  it('finds the picked root only when every path lies inside one folder', () => {
    expect(pickedRoot([{ path: 'people/obama/obama1.jpg' }, { path: 'people/Tom_Hanks.jpg' }])).toBe('people');
    expect(pickedRoot([{ path: 'people\\obama\\obama1.jpg' }])).toBe('people');
    // Several dropped folders, or a loose file among them: no single root.
    expect(pickedRoot([{ path: 'kit_harington/kit1.jpg' }, { path: 'obama/obama1.jpg' }])).toBeNull();
    expect(pickedRoot([{ path: 'people/obama/obama1.jpg' }, { path: 'Tom_Hanks.jpg' }])).toBeNull();
    expect(pickedRoot([{ path: 'Tom_Hanks.jpg' }])).toBeNull();
    expect(pickedRoot([])).toBeNull();
  });

  it('names a photo in a per-person sub-folder after that folder', () => {
    expect(namesOf(['people/kit_harington/kit1.jpg', 'people/kit_harington/kit2.jpg', 'people/obama/obama1.jpg'])).toEqual([
      'Kit Harington',
      'Kit Harington',
      'Obama',
    ]);
    // The immediate parent, however deep.
    expect(namesOf(['people/actors/kit_harington/kit1.jpg'])).toEqual(['Kit Harington']);
  });

  it('names a photo straight inside the picked folder after its file name', () => {
    expect(namesOf(['people/kit_harington/kit1.jpg', 'people/Tom_Hanks_2.jpg', 'people/obama1.jpg'])).toEqual([
      'Kit Harington',
      'Tom Hanks',
      'Obama',
    ]);
    // One person's folder picked alone: its photos lie straight inside the picked folder.
    expect(namesOf(['Tom_Hanks/Tom_Hanks_2.jpg'])).toEqual(['Tom Hanks']);
    expect(namesOf(['kit_harington/kit1.jpg', 'kit_harington/kit2.jpg'])).toEqual(['Kit', 'Kit']);
  });

  it('names loose files after their file names', () => {
    expect(namesOf(['Tom_Hanks_2.jpg', 'obama1.jpg', 'Tom Hanks (3).png'])).toEqual(['Tom Hanks', 'Obama', 'Tom Hanks']);
  });

  it('names photos of several dropped folders after each folder', () => {
    expect(namesOf(['kit_harington/kit1.jpg', 'obama/obama1.jpg', 'obama/obama2.jpg'])).toEqual([
      'Kit Harington',
      'Obama',
      'Obama',
    ]);
    // A loose file dropped with the folders keeps its file name.
    expect(namesOf(['kit_harington/kit1.jpg', 'Tom_Hanks_2.jpg'])).toEqual(['Kit Harington', 'Tom Hanks']);
  });

  it('handles Windows-style paths like slashes', () => {
    expect(namesOf(['people\\kit_harington\\kit1.jpg', 'people\\obama1.jpg'])).toEqual(['Kit Harington', 'Obama']);
  });

  it('falls back to the file name when the folder name has no name in it', () => {
    expect(namesOf(['people/___/Tom_Hanks_2.jpg'])).toEqual(['Tom Hanks']);
  });

  it('keeps each photo’s file and path', () => {
    const files = [picked('people/obama/obama1.jpg'), picked('people/x.jpg')];
    const named = nameCelebrityPhotos(files);
    expect(named.map((n) => n.file)).toEqual(files.map((f) => f.file));
    expect(named[0]!.file).toBe(files[0]!.file);
    expect(named.map((n) => n.path)).toEqual(['people/obama/obama1.jpg', 'people/x.jpg']);
  });

  it('recognises hidden files and folders', () => {
    expect(isHiddenPath('.DS_Store')).toBe(true);
    expect(isHiddenPath('people/.DS_Store')).toBe(true);
    expect(isHiddenPath('people/obama/._obama1.jpg')).toBe(true);
    expect(isHiddenPath('people/.thumbnails/obama1.jpg')).toBe(true);
    expect(isHiddenPath('people\\.git\\x.jpg')).toBe(true);
    expect(isHiddenPath('people/obama/obama.1.jpg')).toBe(false);
    expect(isHiddenPath('obama1.jpg')).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

describe('enroll shots', () => {
  it('measures a pose change as the larger of the yaw and pitch differences, ignoring roll', () => {
    expect(poseChange(pose(10, -5), pose(-2, 0))).toBe(12);
    expect(poseChange(pose(0, 3), pose(1, -6))).toBe(9);
    expect(poseChange(pose(0, 0, 0), pose(0, 0, 40))).toBe(0);
    expect(poseChange(pose(4, 7), pose(4, 7))).toBe(0);
  });

  it('counts a pose as new only when it is far enough from every earlier one', () => {
    expect(isNewPose(pose(0, 0), [])).toBe(true);
    expect(isNewPose(pose(MIN_POSE_CHANGE, 0), [pose(0, 0)])).toBe(true);
    expect(isNewPose(pose(MIN_POSE_CHANGE - 0.01, 0), [pose(0, 0)])).toBe(false);
    expect(isNewPose(pose(0, -MIN_POSE_CHANGE), [pose(0, 0)])).toBe(true);
    // Far from the first, too close to the second.
    expect(isNewPose(pose(20, 0), [pose(0, 0), pose(15, 0)])).toBe(false);
    expect(isNewPose(pose(20, 0), [pose(0, 0), pose(10, 0)])).toBe(true);
  });

  it('takes no shot while the face does not pass the gate', () => {
    expect(wantsShot(pose(0, 0), [], { now: 10_000, passingSince: null, lastShotAt: null })).toBe(false);
    expect(wantsShot(pose(30, 0), [pose(0, 0)], { now: 10_000, passingSince: null, lastShotAt: 0 })).toBe(false);
  });

  it('takes the first shot as soon as the face passes', () => {
    expect(wantsShot(pose(0, 0), [], { now: 1000, passingSince: 1000, lastShotAt: null })).toBe(true);
  });

  it('takes a new pose at once, but never sooner than the minimum gap after the last shot', () => {
    const earlier = [pose(0, 0)];
    const newPose = pose(MIN_POSE_CHANGE + 2, 0);
    const last = 5000;
    expect(wantsShot(newPose, earlier, { now: last + MIN_SHOT_GAP_MS - 1, passingSince: last, lastShotAt: last })).toBe(false);
    expect(wantsShot(newPose, earlier, { now: last + MIN_SHOT_GAP_MS, passingSince: last, lastShotAt: last })).toBe(true);
    // The gap applies even to a face that has held still long enough.
    expect(wantsShot(pose(0, 0), earlier, { now: last + 100, passingSince: last - 10_000, lastShotAt: last })).toBe(false);
  });

  it('takes the same pose only after the face has held still long enough', () => {
    const earlier = [pose(0, 0), pose(12, 0)];
    const same = pose(1, 1);
    const since = 20_000;
    expect(wantsShot(same, earlier, { now: since + HOLD_STILL_MS - 1, passingSince: since, lastShotAt: 0 })).toBe(false);
    expect(wantsShot(same, earlier, { now: since + HOLD_STILL_MS, passingSince: since, lastShotAt: 0 })).toBe(true);
    expect(wantsShot(same, earlier, { now: since + HOLD_STILL_MS, passingSince: since, lastShotAt: null })).toBe(true);
  });

  it('asks for straight first, then turns, and cycles', () => {
    expect(promptFor(0).direction).toBe('straight');
    expect(promptFor(0).text).toMatch(/straight/i);
    expect([1, 2, 3, 4].map((i) => promptFor(i).direction)).toEqual(['left', 'right', 'up', 'down']);
    expect(promptFor(1).text).toMatch(/left/);
    expect(promptFor(5).direction).toBe('straight');
    expect(promptFor(7).direction).toBe('right');
  });

  it('accepts only names that look like a person’s, title-casing lower-case ones', () => {
    expect(sensibleName('kit harington')).toBe('Kit Harington');
    expect(sensibleName("  conan o'brien ")).toBe("Conan O'Brien");
    expect(sensibleName('jean-luc picard')).toBe('Jean-Luc Picard');
    expect(sensibleName('élodie')).toBe('Élodie');
    expect(sensibleName('McDonald')).toBe('McDonald');
    expect(sensibleName('Tom Hanks')).toBe('Tom Hanks');
    expect(sensibleName('Al')).toBe('Al');
    expect(sensibleName('A')).toBeNull();
    expect(sensibleName('   ')).toBeNull();
    expect(sensibleName('a'.repeat(80))).toBe('A' + 'a'.repeat(79));
    expect(sensibleName('a'.repeat(81))).toBeNull();
    expect(sensibleName('obama2')).toBeNull();
    expect(sensibleName('50 Cent')).toBeNull();
    expect(sensibleName('!!')).toBeNull();
    for (const junk of ['IMG', 'img', 'DSC', 'PXL', 'Screenshot', 'Screen Shot', 'WhatsApp Image', 'photos', 'selfie', 'webcam', 'DCIM']) {
      expect(sensibleName(junk), junk).toBeNull();
    }
  });

  it('suggests the common folder’s name', () => {
    expect(suggestedName(['kit_harington/kit1.jpg', 'kit_harington/kit2.jpg'])).toBe('Kit Harington');
    expect(suggestedName(['people/kit_harington/kit1.jpg'])).toBe('Kit Harington');
  });

  it('falls back to the name the file names share', () => {
    expect(suggestedName(['Tom_Hanks_2.jpg', 'Tom_Hanks_3.jpg'])).toBe('Tom Hanks');
    // Different folders, or a folder that is not a name: the file names decide.
    expect(suggestedName(['a/Tom_Hanks_2.jpg', 'b/Tom_Hanks_3.jpg'])).toBe('Tom Hanks');
    expect(suggestedName(['photos/obama1.jpg', 'photos/obama2.jpg'])).toBe('Obama');
    expect(suggestedName(['DCIM/IMG_2034.jpg'])).toBeNull();
  });

  it('suggests nothing without a shared, sensible name', () => {
    expect(suggestedName([])).toBeNull();
    expect(suggestedName(['Tom_Hanks_2.jpg', 'obama1.jpg'])).toBeNull();
    expect(suggestedName(['IMG_2034.jpg', 'IMG_2035.jpg'])).toBeNull();
    expect(suggestedName(['a/IMG_1.jpg', 'b/IMG_2.jpg'])).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------

describe('compare verdict', () => {
  const settings: MatchSettings = { threshold: 0.5, uncertainBand: 0.125 };

  it('builds vectors with the intended exact cosine', () => {
    for (const flips of [0, 15, 16, 17, 20, 21, 32, 64]) {
      const { a, b, cosine } = pairWithFlips(flips);
      expect(cosineSimilarity(a, b)).toBe(cosine);
    }
  });

  it('calls a similarity at or above the threshold the same person', () => {
    const at = pairWithFlips(16); // cosine 0.5
    const v = verdictOf(at.a, at.b, settings);
    expect(v).toEqual({ kind: 'same', similarity: 0.5, title: 'Same person' });
    const above = pairWithFlips(15); // 0.53125
    expect(verdictOf(above.a, above.b, settings).kind).toBe('same');
    const identical = pairWithFlips(0);
    expect(verdictOf(identical.a, identical.b, settings)).toMatchObject({ kind: 'same', similarity: 1 });
  });

  it('calls the band just below the threshold uncertain, its lower edge included', () => {
    const justBelow = pairWithFlips(17); // 0.46875
    expect(verdictOf(justBelow.a, justBelow.b, settings)).toMatchObject({ kind: 'uncertain', similarity: 0.46875 });
    expect(verdictOf(justBelow.a, justBelow.b, settings).title).toMatch(/uncertain/i);
    const lowerEdge = pairWithFlips(20); // 0.375 = 0.5 − 0.125
    expect(verdictOf(lowerEdge.a, lowerEdge.b, settings).kind).toBe('uncertain');
  });

  it('calls anything below the band different people', () => {
    const below = pairWithFlips(21); // 0.34375
    expect(verdictOf(below.a, below.b, settings)).toEqual({ kind: 'different', similarity: 0.34375, title: 'Different people' });
    const opposite = pairWithFlips(64); // −1
    expect(verdictOf(opposite.a, opposite.b, settings)).toMatchObject({ kind: 'different', similarity: -1 });
  });

  it('has no uncertain verdict when the band is zero', () => {
    const justBelow = pairWithFlips(17);
    expect(verdictOf(justBelow.a, justBelow.b, { threshold: 0.5, uncertainBand: 0 }).kind).toBe('different');
    const at = pairWithFlips(16);
    expect(verdictOf(at.a, at.b, { threshold: 0.5, uncertainBand: 0 }).kind).toBe('same');
  });

  it('moves with the threshold', () => {
    const { a, b } = pairWithFlips(8); // 0.75
    expect(verdictOf(a, b, { threshold: 0.75, uncertainBand: 0.1 }).kind).toBe('same');
    expect(verdictOf(a, b, { threshold: 0.8, uncertainBand: 0.05 }).kind).toBe('uncertain');
    expect(verdictOf(a, b, { threshold: 0.8, uncertainBand: 0.04 }).kind).toBe('different');
  });

  it('rejects embeddings of different lengths', () => {
    expect(() => verdictOf(new Float32Array(512), new Float32Array(4), settings)).toThrow(/differ/);
  });

  it('picks the largest face that passed the pose filter', () => {
    expect(defaultFaceIndex([])).toBe(-1);
    const small = face({ x1: 0, y1: 0, x2: 10, y2: 10 });
    const big = face({ x1: 0, y1: 0, x2: 50, y2: 50 });
    const hugeTurned = face({ x1: 0, y1: 0, x2: 200, y2: 200 }, false);
    expect(defaultFaceIndex([small, big])).toBe(1);
    expect(defaultFaceIndex([big, small])).toBe(0);
    // A larger face that cannot be compared loses to a smaller one that can, wherever it sits.
    expect(defaultFaceIndex([hugeTurned, small])).toBe(1);
    expect(defaultFaceIndex([small, hugeTurned])).toBe(0);
    expect(defaultFaceIndex([hugeTurned, small, big])).toBe(2);
  });

  it('falls back to the largest face when none passed, and keeps the first of equal faces', () => {
    const turnedSmall = face({ x1: 0, y1: 0, x2: 10, y2: 10 }, false);
    const turnedBig = face({ x1: 5, y1: 5, x2: 60, y2: 60 }, false);
    expect(defaultFaceIndex([turnedSmall, turnedBig])).toBe(1);
    expect(defaultFaceIndex([turnedSmall])).toBe(0);
    const twin = face({ x1: 100, y1: 0, x2: 110, y2: 10 });
    expect(defaultFaceIndex([face({ x1: 0, y1: 0, x2: 10, y2: 10 }), twin])).toBe(0);
  });

  it('finds the face under a point, the smallest for nested boxes', () => {
    const outer = face({ x1: 0, y1: 0, x2: 100, y2: 100 });
    const inner = face({ x1: 40, y1: 40, x2: 60, y2: 60 });
    const apart = face({ x1: 200, y1: 0, x2: 260, y2: 60 });
    expect(faceAt([outer, inner, apart], 50, 50)).toBe(1);
    expect(faceAt([inner, outer, apart], 50, 50)).toBe(0);
    expect(faceAt([outer, inner, apart], 10, 10)).toBe(0);
    expect(faceAt([outer, inner, apart], 230, 30)).toBe(2);
    // Edges count as inside.
    expect(faceAt([outer], 100, 0)).toBe(0);
    expect(faceAt([outer], 100.01, 50)).toBe(-1);
    expect(faceAt([outer, inner, apart], 150, 50)).toBe(-1);
    expect(faceAt([], 0, 0)).toBe(-1);
  });

  it('explains the threshold with the current numbers', () => {
    const text = thresholdExplanation(DEFAULT_MATCH_SETTINGS);
    expect(text).toContain('0.48');
    expect(text).toContain('0.40');
    expect(text).toMatch(/uncertain/);
    const other = thresholdExplanation({ threshold: 0.6, uncertainBand: 0.05 });
    expect(other).toContain('0.60');
    expect(other).toContain('0.55');
    expect(other).not.toContain('0.48');
  });

  it('leaves out the uncertain range when the band is zero, and never goes below zero', () => {
    const noBand = thresholdExplanation({ threshold: 0.5, uncertainBand: 0 });
    expect(noBand).toContain('0.50');
    expect(noBand).not.toMatch(/uncertain/);
    const wide = thresholdExplanation({ threshold: 0.1, uncertainBand: 0.2 });
    expect(wide).toContain('0.00');
    expect(wide).not.toContain('-0.10');
  });
});

// ---------------------------------------------------------------------------------------------

describe('settings', () => {
  it('starts from the core defaults', () => {
    expect(DEFAULT_SETTINGS.threshold).toBe(DEFAULT_MATCH_SETTINGS.threshold);
    expect(DEFAULT_SETTINGS.uncertainBand).toBe(DEFAULT_MATCH_SETTINGS.uncertainBand);
    expect(DEFAULT_SETTINGS.maxYaw).toBe(DEFAULT_POSE_LIMITS.maxYaw);
    expect(DEFAULT_SETTINGS.maxPitch).toBe(DEFAULT_POSE_LIMITS.maxPitch);
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

// ---------------------------------------------------------------------------------------------
// Enroll gate: which detections count

describe('the enroll gate', () => {
  const real = face({ x1: 100, y1: 100, x2: 300, y2: 340 });
  const stray = { ...face({ x1: 320, y1: 60, x2: 420, y2: 180 }), score: 0.65 };
  const second = { ...face({ x1: 350, y1: 100, x2: 530, y2: 320 }), score: 0.95 };

  it('ignores a weak stray detection beside a real face, and indexes the list it was given', () => {
    const verdict = judgeFaces([stray, real]);
    expect(verdict.accepted).toBe(true);
    expect(verdict.face).toBe(1);
  });

  it('still counts a second confident face', () => {
    const verdict = judgeFaces([real, second, stray]);
    expect(verdict.issues.map((i) => i.code)).toContain('several-faces');
    expect(verdict.face).toBe(0);
  });

  it('judges weak detections when they are all there is', () => {
    const verdict = judgeFaces([{ ...real, score: 0.6 }]);
    expect(verdict.face).toBe(0);
    expect(verdict.accepted).toBe(true);
  });
});
