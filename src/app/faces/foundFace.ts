/** A face found in the user's photos, as the Faces screen keeps it for grouping, showing and enrolling. */
import type { Box } from '../../core/pipeline/detect.ts';
import type { HeadPose } from '../../core/pipeline/pose.ts';
import { groupingQuality } from '../../core/search/cluster.ts';
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

/** The core's groupingQuality of a face the worker analysed (`faceprint cluster` ranks by it too). */
export function faceQuality(face: Pick<FaceResult, 'score' | 'quality'>): number {
  return groupingQuality(face.score, face.quality.faceSize);
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
