/**
 * analyze(image): detect → align → pose → embed for every face, the one entry point the CLI, the web
 * worker and the tests use.
 */
import { alignFace } from './align.ts';
import { boxArea, DETECT_DEFAULTS, detectFaces, type Box, type DetectOptions, type Detection, type Landmarks } from './detect.ts';
import { embedFaces } from './embed.ts';
import type { RgbImage } from './image.ts';
import {
  checkPose,
  DEFAULT_POSE_LIMITS,
  estimatePoses,
  landmarkPose,
  nearPoseLimits,
  type HeadPose,
  type PoseCheck,
  type PoseLimits,
} from './pose.ts';
import { recognitionQuality, recognitionVerdict, type RecognitionQuality, type RecognitionVerdict } from './quality.ts';
import type { FaceModels } from './runner.ts';

export interface AnalyzeOptions {
  readonly detect?: DetectOptions;
  readonly poseLimits?: PoseLimits;
  /** Keep only the largest face (gates and clock-in systems recognise only the person in front). */
  readonly largestFaceOnly?: boolean;
  /** Flip test-time augmentation for embeddings (twice the embedding cost). */
  readonly flip?: boolean;
  /**
   * Run the pose model (true, the default); never (false: the pose comes from landmark geometry); or
   * 'near-limits': only for faces whose landmark pose is within LANDMARK_POSE_MARGIN of a limit, where
   * the cheap estimate is not sure enough to decide the filter (live video, where every ms counts).
   */
  readonly poseModel?: boolean | 'near-limits';
  /** Compute embeddings at all (detection-only callers skip them). Default true. */
  readonly embed?: boolean;
  /** Embed faces that fail the pose filter too (evaluation wants every face). Default false. */
  readonly embedFiltered?: boolean;
  /**
   * When nothing is found, look again with a border around the image: a face that fills the whole
   * frame (a tight crop) is only found with some context. Default true.
   */
  readonly retryWithBorder?: boolean;
  /**
   * When still nothing is found, look once more at this lower score threshold: for callers that know
   * the photo shows a face (verification, evaluation), a weak detection beats none.
   */
  readonly fallbackScoreThreshold?: number;
  /** When given, each stage's milliseconds are added here (summed over faces): benchmarks and the UI read it. */
  readonly timings?: StageTimings;
}

export type PipelineStage = 'detect' | 'align' | 'pose' | 'embed';
export type StageTimings = Record<PipelineStage, number>;

export function emptyTimings(): StageTimings {
  return { detect: 0, align: 0, pose: 0, embed: 0 };
}

async function timed<T>(timings: StageTimings | undefined, stage: PipelineStage, work: () => T | Promise<T>): Promise<T> {
  if (!timings) return work();
  const start = performance.now();
  try {
    return await work();
  } finally {
    timings[stage] += performance.now() - start;
  }
}

export interface AnalyzedFace {
  readonly box: Box;
  readonly score: number;
  readonly landmarks: Landmarks;
  /** From the pose model when it ran, else from the landmarks. */
  readonly pose: HeadPose;
  readonly poseSource: 'model' | 'landmarks';
  readonly poseCheck: PoseCheck;
  /** The 112×112 face on the ArcFace template. */
  readonly aligned: RgbImage;
  /** Unit 512-d embedding; null when not asked for, or the face failed the pose filter and embedFiltered is off. */
  readonly embedding: Float32Array | null;
  /** Size, sharpness, light and detector score of the face, as the recognition floor weighs them. */
  readonly quality: RecognitionQuality;
  /** Whether the face clears the recognition floor (quality.ts RECOGNITION_FLOOR); callers do not name a face that does not. */
  readonly recognition: RecognitionVerdict;
}

const BORDER_RETRY = 0.5;

async function detectWithRetry(models: FaceModels, image: RgbImage, options: AnalyzeOptions): Promise<Detection[]> {
  const found = await detectFaces(models.detector, image, options.detect);
  if (found.length > 0) return found;
  if (options.retryWithBorder !== false) {
    const bordered = await detectFaces(models.detector, image, { ...options.detect, padding: BORDER_RETRY });
    if (bordered.length > 0) return bordered;
  }
  const low = options.fallbackScoreThreshold;
  if (low === undefined || low >= (options.detect?.scoreThreshold ?? DETECT_DEFAULTS.scoreThreshold)) return found;
  return detectFaces(models.detector, image, { ...options.detect, scoreThreshold: low });
}

export async function analyze(models: FaceModels, image: RgbImage, options: AnalyzeOptions = {}): Promise<AnalyzedFace[]> {
  const { timings } = options;
  const detections = await timed(timings, 'detect', () => detectWithRetry(models, image, options));
  const posed = await timed(timings, 'pose', () => posesOf(models, image, detections, options));
  const chosen = options.largestFaceOnly ? largestRecognisable(posed) : posed;
  const aligned = await timed(timings, 'align', () => chosen.map(({ detection }) => alignFace(image, detection.landmarks).image));
  const wanted = chosen.map(({ poseCheck }) => options.embed !== false && (poseCheck.passed || options.embedFiltered === true));
  // Every face of the image in one embedder call (a few for a crowd: embed.ts bounds the batch).
  const toEmbed = aligned.filter((_, i) => wanted[i]);
  const embeddings = toEmbed.length > 0 ? await timed(timings, 'embed', () => embedFaces(models.embedder, toEmbed, options.flip)) : [];
  let next = 0;
  return chosen.map(({ detection, pose, poseSource, poseCheck }, i) => {
    const face = aligned[i]!;
    const quality = recognitionQuality(face, detection.box, detection.score);
    const embedding = wanted[i] ? embeddings[next++]! : null;
    return { ...detection, pose, poseSource, poseCheck, aligned: face, embedding, quality, recognition: recognitionVerdict(quality) };
  });
}

interface PosedDetection {
  readonly detection: Detection;
  readonly pose: HeadPose;
  readonly poseSource: AnalyzedFace['poseSource'];
  readonly poseCheck: PoseCheck;
}

/** Each detection's pose: the landmark estimate, or the pose model's where asked, in one call for all those faces. */
async function posesOf(
  models: FaceModels,
  image: RgbImage,
  detections: readonly Detection[],
  options: AnalyzeOptions,
): Promise<PosedDetection[]> {
  const limits = options.poseLimits ?? DEFAULT_POSE_LIMITS;
  const cheap = detections.map((d) => landmarkPose(d.landmarks));
  const useModel = cheap.map((pose) => (options.poseModel === 'near-limits' ? nearPoseLimits(pose, limits) : options.poseModel !== false));
  const boxes = detections.filter((_, i) => useModel[i]).map((d) => d.box);
  const modelPoses = boxes.length > 0 ? await estimatePoses(models.pose, image, boxes) : [];
  let next = 0;
  return detections.map((detection, i) => {
    const pose = useModel[i] ? modelPoses[next++]! : cheap[i]!;
    return { detection, pose, poseSource: useModel[i] ? 'model' : 'landmarks', poseCheck: checkPose(pose, limits) };
  });
}

/**
 * The largest face that passes the pose filter (or the largest of all when none does): a profile
 * face or a false detection at a photo's edge must not win over the frontal face in front.
 */
function largestRecognisable<T extends { detection: Detection; poseCheck: PoseCheck }>(faces: readonly T[]): T[] {
  const passing = faces.filter((f) => f.poseCheck.passed);
  const pool = passing.length > 0 ? passing : faces;
  if (pool.length === 0) return [];
  return [pool.reduce((a, b) => (boxArea(b.detection.box) > boxArea(a.detection.box) ? b : a))];
}
