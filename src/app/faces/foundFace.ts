/** A face found in the user's photos, as the Faces screen keeps it for grouping, showing and enrolling. */
import type { Box } from '../../core/pipeline/detect.ts';
import type { HeadPose } from '../../core/pipeline/pose.ts';
import type { ClusterFace, FaceResult, NewSample } from '../../worker/api.ts';

/** A photo that was read: the file stays in the page so a face can be shown in it. */
export interface ScannedPhoto {
  readonly id: number;
  readonly path: string;
  readonly file: File;
  /** The upright image's size: boxes are in its pixels. */
  readonly width: number;
  readonly height: number;
}

export interface FoundFace {
  /** "<photo id>#<face index>": the id the grouping returns. */
  readonly id: string;
  readonly photo: ScannedPhoto;
  /** The face's index in its photo (detector order). */
  readonly index: number;
  readonly box: Box;
  /** The aligned 112×112 face (JPEG). */
  readonly thumbnail: Blob | null;
  readonly embedding: Float32Array;
  readonly pose: HeadPose;
  /** Higher is better (0–1): picks the faces proposed for enrolment. */
  readonly quality: number;
  /** Box width in the photo's pixels: the too-small floor reads it. */
  readonly boxWidth: number;
}

/** The aligned face's side: a face this large or larger counts as full size. */
const FULL_SIZE_PX = 112;

/**
 * Detection score × min(1, shortest box side / 112), as `faceprint cluster` ranks faces: a sure
 * detection of a face at least as large as the embedder's input ranks highest.
 */
export function faceQuality(face: Pick<FaceResult, 'score' | 'quality'>): number {
  return face.score * Math.min(1, face.quality.faceSize / FULL_SIZE_PX);
}

export function toClusterFace(face: FoundFace): ClusterFace {
  return {
    id: face.id,
    embedding: face.embedding,
    boxWidth: face.boxWidth,
    quality: face.quality,
    pose: { yaw: face.pose.yaw, pitch: face.pose.pitch },
  };
}

export function toSample(face: FoundFace): NewSample {
  return { embedding: face.embedding, thumbnail: face.thumbnail, source: face.photo.path, pose: face.pose };
}

export const fileName = (path: string): string => path.replace(/^.*\//, '');
