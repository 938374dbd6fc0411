/**
 * RetinaFace-mnet0.25 face detection: input sizing, tensor preparation and the InsightFace decoding of
 * its 3 strides × 2 anchors (boxes and 5 landmarks), score threshold and NMS, mapped back to image
 * coordinates.
 */
import { MODELS } from '../../models.ts';
import type { Point, RgbImage } from './image.ts';
import { resizeToPlanar } from './resize.ts';
import { output, type ModelRunner, type TensorData } from './runner.ts';

export interface Box {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** Image-left eye, image-right eye, nose tip, image-left mouth corner, image-right mouth corner. */
export type Landmarks = readonly [Point, Point, Point, Point, Point];

export interface Detection {
  /** In image pixels; may extend past the image edge for a face cut off by the frame. */
  readonly box: Box;
  readonly score: number;
  readonly landmarks: Landmarks;
}

/**
 * `photo`: InsightFace's scale rule (short side to 720, long side at most 1024). `{ maxSide }`: the
 * long side scaled to maxSide (small inputs for webcam frames).
 */
export type DetectorInputSize = 'photo' | { readonly maxSide: number };

export interface DetectOptions {
  readonly scoreThreshold?: number;
  readonly nmsThreshold?: number;
  readonly inputSize?: DetectorInputSize;
  /**
   * Border added around the image, as a fraction of its size on each side. A face that fills the whole
   * frame is larger than the biggest anchor sees well; surrounding it with a border makes it findable.
   */
  readonly padding?: number;
}

export const DETECT_DEFAULTS = { scoreThreshold: 0.5, nmsThreshold: 0.4, inputSize: 'photo', padding: 0 } as const;

const PHOTO_SHORT_SIDE = 720;
const PHOTO_MAX_SIDE = 1024;
const STRIDE_ALIGN = 32;
/** The landmark deltas of this model are scaled by 0.2 (1.0 puts landmarks far off). */
const LANDMARK_STD = 0.2;
/** Anchor scales per stride, base size 16, aspect ratio 1 (InsightFace's RAC_SSH config). */
const ANCHOR_SCALES: Readonly<Record<number, readonly number[]>> = { 32: [32, 16], 16: [8, 4], 8: [2, 1] };
const BASE_SIZE = 16;

/** How an image maps into the detector's input tensor: input = image · scale + offset. */
export interface DetectorGeometry {
  readonly scale: number;
  readonly offsetX: number;
  readonly offsetY: number;
  /** Size of the resized image inside the input. */
  readonly resizedWidth: number;
  readonly resizedHeight: number;
  /** Input tensor size, multiples of 32. */
  readonly inputWidth: number;
  readonly inputHeight: number;
}

export function detectorGeometry(width: number, height: number, size: DetectorInputSize, padding = 0): DetectorGeometry {
  if (width < 1 || height < 1) throw new Error(`image has no pixels (${width}×${height})`);
  const canvasW = width * (1 + 2 * padding);
  const canvasH = height * (1 + 2 * padding);
  let scale: number;
  if (size === 'photo') {
    scale = PHOTO_SHORT_SIDE / Math.min(canvasW, canvasH);
    if (Math.round(scale * Math.max(canvasW, canvasH)) > PHOTO_MAX_SIDE) scale = PHOTO_MAX_SIDE / Math.max(canvasW, canvasH);
  } else {
    scale = size.maxSide / Math.max(canvasW, canvasH);
  }
  const resizedWidth = Math.max(1, Math.round(width * scale));
  const resizedHeight = Math.max(1, Math.round(height * scale));
  const offsetX = Math.round(width * padding * scale);
  const offsetY = Math.round(height * padding * scale);
  const align = (v: number): number => Math.max(STRIDE_ALIGN, Math.ceil(v / STRIDE_ALIGN) * STRIDE_ALIGN);
  return {
    // The exact scale of the resized pixels, after rounding to whole pixels.
    scale: resizedWidth / width,
    offsetX,
    offsetY,
    resizedWidth,
    resizedHeight,
    inputWidth: align(resizedWidth + 2 * offsetX),
    inputHeight: align(resizedHeight + 2 * offsetY),
  };
}

/** The detector input: raw 0..255 RGB, planar, [1, 3, inputHeight, inputWidth], black padding. */
export function detectorInput(image: RgbImage, g: DetectorGeometry): TensorData {
  const planeSize = g.inputWidth * g.inputHeight;
  const data = new Float32Array(3 * planeSize); // [1, 3, inputHeight, inputWidth]
  resizeToPlanar(image, g.resizedWidth, g.resizedHeight, {
    data,
    offset: g.offsetY * g.inputWidth + g.offsetX,
    rowStride: g.inputWidth,
    planeSize,
  });
  return { data, dims: [1, 3, g.inputHeight, g.inputWidth] };
}

interface Candidate {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
  landmarks: Point[];
}

/** Decodes one stride's outputs (InsightFace retinaface.py: anchors_plane, bbox_pred, landmark_pred). */
function decodeStride(
  stride: number,
  scores: TensorData,
  deltas: TensorData,
  landmarkDeltas: TensorData,
  threshold: number,
  out: Candidate[],
): void {
  const scales = ANCHOR_SCALES[stride]!;
  const numAnchors = scales.length;
  const h = scores.dims[2]!;
  const w = scores.dims[3]!;
  const plane = h * w;
  if (scores.dims[1] !== 2 * numAnchors || deltas.dims[1] !== 4 * numAnchors || landmarkDeltas.dims[1] !== 10 * numAnchors) {
    throw new Error(`unexpected detector output shapes at stride ${stride}`);
  }
  // Base anchor [0, 0, 15, 15] scaled about its centre (7.5, 7.5); width = x2 - x1 + 1 = 16·scale.
  const baseCentre = 0.5 * (BASE_SIZE - 1);
  for (let a = 0; a < numAnchors; a++) {
    const size = BASE_SIZE * scales[a]!;
    // Channels [0, A) are background, [A, 2A) face probability.
    const scoreOff = (numAnchors + a) * plane;
    const boxOff = a * 4 * plane;
    const lmOff = a * 10 * plane;
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const idx = i * w + j;
        const score = scores.data[scoreOff + idx]!;
        if (score < threshold) continue;
        const cx = baseCentre + j * stride;
        const cy = baseCentre + i * stride;
        const d = deltas.data;
        const pcx = cx + d[boxOff + idx]! * size;
        const pcy = cy + d[boxOff + plane + idx]! * size;
        const pw = Math.exp(d[boxOff + 2 * plane + idx]!) * size;
        const ph = Math.exp(d[boxOff + 3 * plane + idx]!) * size;
        const landmarks: Point[] = [];
        for (let p = 0; p < 5; p++) {
          const lx = landmarkDeltas.data[lmOff + 2 * p * plane + idx]! * LANDMARK_STD;
          const ly = landmarkDeltas.data[lmOff + (2 * p + 1) * plane + idx]! * LANDMARK_STD;
          landmarks.push([cx + lx * size, cy + ly * size]);
        }
        out.push({
          x1: pcx - 0.5 * (pw - 1),
          y1: pcy - 0.5 * (ph - 1),
          x2: pcx + 0.5 * (pw - 1),
          y2: pcy + 0.5 * (ph - 1),
          score,
          landmarks,
        });
      }
    }
  }
}

/** Greedy NMS over candidates sorted by descending score; areas with InsightFace's +1 convention. */
function nms(sorted: readonly Candidate[], threshold: number): Candidate[] {
  const kept: Candidate[] = [];
  const area = (c: Candidate): number => (c.x2 - c.x1 + 1) * (c.y2 - c.y1 + 1);
  for (const c of sorted) {
    let keep = true;
    for (const k of kept) {
      const iw = Math.min(c.x2, k.x2) - Math.max(c.x1, k.x1) + 1;
      const ih = Math.min(c.y2, k.y2) - Math.max(c.y1, k.y1) + 1;
      if (iw <= 0 || ih <= 0) continue;
      const inter = iw * ih;
      if (inter / (area(c) + area(k) - inter) > threshold) {
        keep = false;
        break;
      }
    }
    if (keep) kept.push(c);
  }
  return kept;
}

/** Turns the 9 raw outputs into detections in image coordinates. */
export function decodeDetections(
  outputs: Record<string, TensorData>,
  g: DetectorGeometry,
  scoreThreshold: number,
  nmsThreshold: number,
): Detection[] {
  const candidates: Candidate[] = [];
  for (const stride of [32, 16, 8]) {
    decodeStride(
      stride,
      output(outputs, `face_rpn_cls_prob_reshape_stride${stride}`),
      output(outputs, `face_rpn_bbox_pred_stride${stride}`),
      output(outputs, `face_rpn_landmark_pred_stride${stride}`),
      scoreThreshold,
      candidates,
    );
  }
  candidates.sort((a, b) => b.score - a.score);
  const toImage = (x: number, y: number): Point => [(x - g.offsetX) / g.scale, (y - g.offsetY) / g.scale];
  return nms(candidates, nmsThreshold).map((c) => {
    const [x1, y1] = toImage(c.x1, c.y1);
    const [x2, y2] = toImage(c.x2, c.y2);
    const lm = c.landmarks.map(([x, y]) => toImage(x, y));
    return { box: { x1, y1, x2, y2 }, score: c.score, landmarks: [lm[0]!, lm[1]!, lm[2]!, lm[3]!, lm[4]!] };
  });
}

export async function detectFaces(detector: ModelRunner, image: RgbImage, options: DetectOptions = {}): Promise<Detection[]> {
  const g = detectorGeometry(
    image.width,
    image.height,
    options.inputSize ?? DETECT_DEFAULTS.inputSize,
    options.padding ?? DETECT_DEFAULTS.padding,
  );
  const outputs = await detector.run({ [MODELS.detector.inputName]: detectorInput(image, g) });
  return decodeDetections(
    outputs,
    g,
    options.scoreThreshold ?? DETECT_DEFAULTS.scoreThreshold,
    options.nmsThreshold ?? DETECT_DEFAULTS.nmsThreshold,
  );
}

export function boxArea(box: Box): number {
  return Math.max(0, box.x2 - box.x1) * Math.max(0, box.y2 - box.y1);
}
