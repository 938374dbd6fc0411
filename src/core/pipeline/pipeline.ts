/**
 * analyze(image): detect → align → pose → embed for every face, the one entry point the CLI, the web
 * worker and the tests use.
 */
import { alignFace } from './align.ts';
import { boxArea, DETECT_DEFAULTS, detectFaces, type Box, type DetectOptions, type Detection, type Landmarks } from './detect.ts';
import { embedFace } from './embed.ts';
import type { RgbImage } from './image.ts';
import {
  checkPose,
  DEFAULT_POSE_LIMITS,
  estimatePose,
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
  const limits = options.poseLimits ?? DEFAULT_POSE_LIMITS;
  const posed: { detection: Detection; pose: HeadPose; poseSource: AnalyzedFace['poseSource']; poseCheck: PoseCheck }[] = [];
  for (const detection of detections) {
    const { pose, poseSource } = await timed(timings, 'pose', async () => {
      const cheap = landmarkPose(detection.landmarks);
      const useModel = options.poseModel === 'near-limits' ? nearPoseLimits(cheap, limits) : options.poseModel !== false;
      return useModel
        ? { pose: await estimatePose(models.pose, image, detection.box), poseSource: 'model' as const }
        : { pose: cheap, poseSource: 'landmarks' as const };
    });
    posed.push({ detection, pose, poseSource, poseCheck: checkPose(pose, limits) });
  }
  const chosen = options.largestFaceOnly ? largestRecognisable(posed) : posed;
  const faces: AnalyzedFace[] = [];
  for (const { detection, pose, poseSource, poseCheck } of chosen) {
    const aligned = await timed(timings, 'align', () => alignFace(image, detection.landmarks).image);
    const quality = recognitionQuality(aligned, detection.box, detection.score);
    const wanted = options.embed !== false && (poseCheck.passed || options.embedFiltered === true);
    const embedding = wanted ? await timed(timings, 'embed', () => embedFace(models.embedder, aligned, options.flip)) : null;
    faces.push({ ...detection, pose, poseSource, poseCheck, aligned, embedding, quality, recognition: recognitionVerdict(quality) });
  }
  return faces;
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
