/**
 * The enrolment quality gate: how big, sharp and well lit a face is, and the verdict on a capture
 * (no face, several faces, too small, turned, blurry, too dark, too bright), each reason with what to do.
 */
import { boxArea, type Box } from './detect.ts';
import type { RgbImage } from './image.ts';
import type { PoseCheck } from './pose.ts';

export interface FaceQuality {
  /** Shortest side of the face box in source-image pixels. */
  readonly faceSize: number;
  /**
   * Sharpness of the aligned 112×112 face: variance of the Laplacian of its luma over the central face
   * region (FACE_REGION: x 28–83, y 36–99 of the ArcFace template, from the eyebrows to below the mouth
   * and between the cheeks, so background and hair do not count). Scales with contrast squared, so a dark
   * face also reads less sharp; a small face upsampled to 112 px reads blurry (it is, for the embedder).
   */
  readonly sharpness: number;
  /** Mean luma (0–255, BT.601) over the same region. */
  readonly brightness: number;
}

/**
 * The central face region on the 112×112 ArcFace template, [x0, x1) × [y0, y1): eyes at y ≈ 52 and
 * x ≈ 38/74, nose tip at y ≈ 72, mouth corners at y ≈ 92. Scaled proportionally for other sizes.
 */
export const FACE_REGION = { x0: 28, x1: 84, y0: 36, y1: 100 } as const;
const TEMPLATE_SIZE = 112;

/** BT.601 luma of every pixel. */
function luma(image: RgbImage): Float32Array {
  const { width, height, data } = image;
  const out = new Float32Array(width * height);
  for (let i = 0, j = 0; i < out.length; i++, j += 3) {
    out[i] = 0.299 * data[j]! + 0.587 * data[j + 1]! + 0.114 * data[j + 2]!;
  }
  return out;
}

export function measureFaceQuality(aligned: RgbImage, box: Box): FaceQuality {
  const { width, height } = aligned;
  if (width < 3 || height < 3) throw new Error(`aligned face too small to measure (${width}×${height})`);
  // The region scaled to this image, kept one pixel inside so the Laplacian has its 4 neighbours.
  const sx = width / TEMPLATE_SIZE;
  const sy = height / TEMPLATE_SIZE;
  const x0 = Math.max(1, Math.round(FACE_REGION.x0 * sx));
  const x1 = Math.min(width - 1, Math.round(FACE_REGION.x1 * sx));
  const y0 = Math.max(1, Math.round(FACE_REGION.y0 * sy));
  const y1 = Math.min(height - 1, Math.round(FACE_REGION.y1 * sy));
  const y = luma(aligned);
  let n = 0;
  let sumY = 0;
  let sumL = 0;
  let sumL2 = 0;
  for (let r = y0; r < y1; r++) {
    for (let c = x0; c < x1; c++) {
      const i = r * width + c;
      const v = y[i]!;
      // 4-neighbour Laplacian [0 1 0; 1 −4 1; 0 1 0], as OpenCV's Laplacian with ksize 1.
      const lap = y[i - 1]! + y[i + 1]! + y[i - width]! + y[i + width]! - 4 * v;
      sumY += v;
      sumL += lap;
      sumL2 += lap * lap;
      n++;
    }
  }
  const meanL = sumL / n;
  return {
    faceSize: Math.max(0, Math.min(box.x2 - box.x1, box.y2 - box.y1)),
    sharpness: Math.max(0, sumL2 / n - meanL * meanL),
    brightness: sumY / n,
  };
}

export interface QualityLimits {
  readonly minFaceSize: number;
  readonly minSharpness: number;
  readonly minBrightness: number;
  readonly maxBrightness: number;
}

/**
 * Calibrated on the 15 people/ fixture photos (largest face, real models) and on copies damaged by
 * testkit/degradedFixtures.ts `degrade()` plus harsher webcam-like damage made the same way with sharp.
 * Measured ranges (faceSize / sharpness / brightness):
 *
 *   originals                         117–445 px    216–1329    95–161
 *   same, shrunk to a face of 80–250  —             182–2377    95–161   (60 px faces: 128–568)
 *   degrade 'blur' (σ = w/40)         —             8–35        —        (on 80/120 px faces: 10–44)
 *   blur σ = w/60 (mild) / w/20       —             23–98 / 2–7 —
 *   degrade 'dark' (×0.25)            —             16–83       23–40
 *   ×0.5 / ×0.12 light                —             57–342/5–22 47–80 / 11–19
 *   ×2 / ×3 exposure (clipped)        —             631–2249    180–237 / 223–248
 *   washed out (×0.7 + 110)           —             105–630     176–220
 *   degrade 'tiny' (face ≈ 24 px)     23–25 px      24–102      —
 *   degrade 'noise' / 'jpeg10'        —             428–3126 / 221–1261  (noise adds "sharpness")
 *
 * (w: the face box width; "—": as the originals.) Each limit passes every original with a wide margin
 * and rejects the clearly damaged copies:
 *
 * - minFaceSize 80 px: the aligned face's scale is about 80 px / box width (0.68 aligned px per source
 *   px at 117 px, 0.29 at 282 px), so below ~80 px the embedder's 112×112 input is upsampled, made of
 *   fewer real pixels than it reads. A 640×480 webcam (~65° wide, focal ~500 px) at arm's length shows
 *   a face 120–250 px wide; 80 px is a 16 cm face at about a metre. The originals' smallest face is
 *   117 px. (RetinaFace boxes are ~1.35× taller than wide, so faceSize is the box width.)
 * - minSharpness 80: 2.7× below the least sharp original (216; 191 on a face shrunk to 80 px),
 *   1.8–2.3× above σ = w/40 blur (35, or 44 on small faces); most σ = w/60 blur is caught too (12/15).
 *   Variance of the Laplacian scales with contrast², so a dark face also reads blurry (×0.25 light:
 *   16–83) and so does a tiny upsampled one (24–102): 14 of 15 of each get 'blurry' besides their own issue.
 * - minBrightness 60: between the dimmest original (95, biden1/obama3) and ×0.25 light (≤ 40); half the
 *   light fails only on the already dim photos (47–57).
 * - maxBrightness 210: 49 above the brightest original (161, a fair-skinned face in good light); rejects
 *   every ×3 overexposure and most ×2 (9/15), where the skin clips to white and loses its texture.
 */
export const DEFAULT_QUALITY_LIMITS: QualityLimits = {
  minFaceSize: 80,
  minSharpness: 80,
  minBrightness: 60,
  maxBrightness: 210,
};

export type QualityIssueCode = 'no-face' | 'several-faces' | 'too-small' | 'turned' | 'blurry' | 'too-dark' | 'too-bright';

export interface QualityIssue {
  readonly code: QualityIssueCode;
  /** Plain language, with what to do about it. */
  readonly message: string;
}

export interface CaptureVerdict {
  readonly accepted: boolean;
  readonly issues: readonly QualityIssue[];
  /** index of the face judged (the only/largest), or null */
  readonly face: number | null;
}

/**
 * Other faces narrower than this fraction of the largest one's box are people well behind the one
 * enrolling (twice as far away or more) or faces on a poster: they do not block the capture. Anyone
 * beside or just behind the enrollee is at least this big and does, since then it is not clear whose
 * face is being enrolled.
 */
export const BACKGROUND_FACE_RATIO = 0.5;

const boxWidth = (b: Box): number => Math.max(0, b.x2 - b.x1);
const round = (v: number): string => v.toFixed(0);

/**
 * Judges one capture for enrolment: the largest face (by box area) is the one judged; every issue
 * found is listed, and the capture is accepted only when there is none. Every face given counts for
 * 'several-faces' whatever its pose, so pass only detections you believe: at the default 0.5 score
 * threshold the detector also finds the odd non-face (score 0.60–0.69 on hair in kit1.jpg and on blurred
 * or darkened copies of biden2.jpg), which would refuse the capture.
 */
export function assessCapture(
  faces: readonly { readonly box: Box; readonly poseCheck: PoseCheck; readonly quality: FaceQuality }[],
  limits: QualityLimits = DEFAULT_QUALITY_LIMITS,
): CaptureVerdict {
  if (faces.length === 0) {
    return {
      accepted: false,
      issues: [{ code: 'no-face', message: 'No face found — look into the camera with your whole face in the frame' }],
      face: null,
    };
  }
  let judged = 0;
  for (let i = 1; i < faces.length; i++) {
    if (boxArea(faces[i]!.box) > boxArea(faces[judged]!.box)) judged = i;
  }
  const face = faces[judged]!;
  const issues: QualityIssue[] = [];

  const minWidth = BACKGROUND_FACE_RATIO * boxWidth(face.box);
  const others = faces.filter((f, i) => i !== judged && boxWidth(f.box) >= minWidth).length;
  if (others > 0) {
    issues.push({ code: 'several-faces', message: `${others + 1} faces in view — only the person enrolling should be in the frame` });
  }
  const { faceSize, sharpness, brightness } = face.quality;
  // Never below the recognition floor, whatever limits a caller passes: a face too small to recognise is not enrolled.
  const minSize = Math.max(limits.minFaceSize, RECOGNITION_FLOOR.minBoxWidth);
  if (faceSize < minSize) {
    issues.push({
      code: 'too-small',
      message: `Face too small (${round(faceSize)} px, need ${round(minSize)}) — move closer to the camera`,
    });
  }
  if (!face.poseCheck.passed) {
    issues.push({ code: 'turned', message: `Not facing the camera: ${face.poseCheck.reason} — look straight into the camera` });
  }
  if (sharpness < limits.minSharpness) {
    issues.push({ code: 'blurry', message: 'Too blurry — hold still, and wipe the camera lens if it is smudged' });
  }
  if (brightness < limits.minBrightness) {
    issues.push({ code: 'too-dark', message: 'Too dark — face a window or turn on a light' });
  }
  if (brightness > limits.maxBrightness) {
    issues.push({ code: 'too-bright', message: 'Too bright — move out of direct sunlight or away from the lamp shining on your face' });
  }
  return { accepted: issues.length === 0, issues, face: judged };
}

/**
 * The recognition floor: below it a face is "too small to recognise" — not named, not matched, not
 * enrolled and not grouped. The one place the limits live; clustering (search/cluster.ts), identification
 * (the worker and `faceprint identify`) and enrolment (`faceprint enroll`; the app's stricter capture gate
 * above sits over it) all read it.
 *
 * - minBoxWidth 40 px (box width in the original photo): tiny faces look alike. On 22 real crowd photos
 *   (issue 13; 25,146 within-photo stranger pairs) the share of pairs at or above the default threshold
 *   0.48 was 12.8% under 20 px, 2.1% at 20–30 px, 0.23% at 30–40 px and none from 40 px (highest 0.47)
 *   by the smaller face's width. 40 px is the smallest width where those data meet FAR ≤ 0.1%; the
 *   fixtures' own mosaics have too few people to resolve it (BENCHMARKS.md, "Small and blurred faces").
 * - minSharpness 3 (measureFaceQuality's Laplacian variance, light-corrected below): only blur past σ ≈ 5% of the face width
 *   reads this low (σ = w/20: 2–7); at σ = 4% the fixtures still verify at AUC ≥ 0.997.
 * - minDetectorScore 0.5: the detector's own default threshold; a face found only by the low-threshold
 *   retry (`fallbackScoreThreshold`) is too doubtful to name.
 */
export const RECOGNITION_FLOOR = { minBoxWidth: 40, minSharpness: 3, minDetectorScore: 0.5 } as const;
export type RecognitionFloor = { readonly [K in keyof typeof RECOGNITION_FLOOR]: number };

export type RecognitionVerdict =
  | { readonly recognisable: true }
  | { readonly recognisable: false; readonly code: 'too-small' | 'too-blurred' | 'weak-detection'; readonly reason: string };

/** Everything the verdict weighs, as the CLI's `quality` JSON and the app show it. */
export interface RecognitionQuality extends FaceQuality {
  /** Width of the face box in the original photo's pixels (the floor's measure). */
  readonly boxWidth: number;
  readonly detectorScore: number;
}

export function recognitionQuality(aligned: RgbImage, box: Box, detectorScore: number): RecognitionQuality {
  return { ...measureFaceQuality(aligned, box), boxWidth: boxWidth(box), detectorScore };
}

/** Mean luma at and above which sharpness is taken as measured (a normally lit face). */
const LIT_BRIGHTNESS = 100;

/**
 * Sharpness as if the face were normally lit. The Laplacian's variance scales with the light squared:
 * a sharp face in a dim room (mean luma 11–19, 12% of the light) measures 5–22 where it measures 16–87
 * lit, so the raw figure would call darkness blur. A darker face is scaled back by (100 / brightness)²;
 * lit faces are left as they are, so the floor still refuses real blur.
 */
export function lightCorrectedSharpness(q: Pick<FaceQuality, 'sharpness' | 'brightness'>): number {
  const gain = LIT_BRIGHTNESS / Math.max(1, q.brightness);
  return q.sharpness * Math.max(1, gain * gain);
}

/** Whether a face is good enough to be told apart from strangers; the first failing limit is the reason. */
export function recognitionVerdict(q: RecognitionQuality, floor: RecognitionFloor = RECOGNITION_FLOOR): RecognitionVerdict {
  if (q.boxWidth < floor.minBoxWidth) {
    return {
      recognisable: false,
      code: 'too-small',
      reason: `too small to recognise (${round(q.boxWidth)} px wide, at least ${round(floor.minBoxWidth)} px needed)`,
    };
  }
  const sharpness = lightCorrectedSharpness(q);
  if (sharpness < floor.minSharpness) {
    return { recognisable: false, code: 'too-blurred', reason: `too blurred to recognise (sharpness ${sharpness.toFixed(1)})` };
  }
  if (q.detectorScore < floor.minDetectorScore) {
    return {
      recognisable: false,
      code: 'weak-detection',
      reason: `too unclear to recognise (detector score ${q.detectorScore.toFixed(2)})`,
    };
  }
  return { recognisable: true };
}
