/**
 * analyze(image): detect → align → pose → embed for every face, the one entry point the CLI, the web
 * worker and the tests use.
 */
import { alignFace } from './align.ts';
import { boxArea, detectFaces, type Box, type DetectOptions, type Detection, type Landmarks } from './detect.ts';
import { embedFace } from './embed.ts';
import type { RgbImage } from './image.ts';
import { checkPose, DEFAULT_POSE_LIMITS, estimatePose, landmarkPose, type HeadPose, type PoseCheck, type PoseLimits } from './pose.ts';
import type { FaceModels } from './runner.ts';

export interface AnalyzeOptions {
  readonly detect?: DetectOptions;
  readonly poseLimits?: PoseLimits;
  /** Keep only the largest face (gates and clock-in systems recognise only the person in front). */
  readonly largestFaceOnly?: boolean;
  /** Flip test-time augmentation for embeddings (twice the embedding cost). */
  readonly flip?: boolean;
  /** Run the pose model; without it the pose comes from landmark geometry. Default true. */
  readonly poseModel?: boolean;
  /** Compute embeddings at all (detection-only callers skip them). Default true. */
  readonly embed?: boolean;
  /** Embed faces that fail the pose filter too (evaluation wants every face). Default false. */
  readonly embedFiltered?: boolean;
  /**
   * When nothing is found, look again with a border around the image: a face that fills the whole
   * frame (a tight crop) is only found with some context. Default true.
   */
  readonly retryWithBorder?: boolean;
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
}

const BORDER_RETRY = 0.5;

export async function detectWithRetry(models: FaceModels, image: RgbImage, options: AnalyzeOptions): Promise<Detection[]> {
  const found = await detectFaces(models.detector, image, options.detect);
  if (found.length > 0 || options.retryWithBorder === false) return found;
  return detectFaces(models.detector, image, { ...options.detect, padding: BORDER_RETRY });
}

export async function analyze(models: FaceModels, image: RgbImage, options: AnalyzeOptions = {}): Promise<AnalyzedFace[]> {
  let detections = await detectWithRetry(models, image, options);
  if (options.largestFaceOnly && detections.length > 1) {
    const largest = detections.reduce((a, b) => (boxArea(b.box) > boxArea(a.box) ? b : a));
    detections = [largest];
  }
  const faces: AnalyzedFace[] = [];
  for (const d of detections) {
    const useModel = options.poseModel !== false;
    const pose = useModel ? await estimatePose(models.pose, image, d.box) : landmarkPose(d.landmarks);
    const poseCheck = checkPose(pose, options.poseLimits ?? DEFAULT_POSE_LIMITS);
    const aligned = alignFace(image, d.landmarks).image;
    const wanted = options.embed !== false && (poseCheck.passed || options.embedFiltered === true);
    const embedding = wanted ? await embedFace(models.embedder, aligned, options.flip) : null;
    faces.push({ ...d, pose, poseSource: useModel ? 'model' : 'landmarks', poseCheck, aligned, embedding });
  }
  return faces;
}
