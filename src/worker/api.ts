/**
 * The one typed interface between the UI and the inference worker (comlink). Everything that runs a
 * model, decodes a photo for analysis or touches the gallery's IndexedDB goes through it: InferenceApi
 * (src/worker/inferenceEngine.ts) and GalleryApi (src/worker/galleryEngine.ts).
 */
import type { Box, Landmarks } from '../core/pipeline/detect.ts';
import type { Calibration, PersonConflict, SampleConflict } from '../core/search/calibrate.ts';
import type { ClusterFace, ClusterSettings, Clustering, GalleryMatch } from '../core/search/cluster.ts';
import type { Candidate, Decision, MatchSettings } from '../core/search/match.ts';
import type { StageTimings } from '../core/pipeline/pipeline.ts';
import type { HeadPose, PoseCheck, PoseLimits } from '../core/pipeline/pose.ts';
import type { RecognitionQuality, RecognitionVerdict } from '../core/pipeline/quality.ts';
import type { ModelRole } from '../models.ts';
import type { Backend, BackendPreference } from '../runtime/session.ts';
import type { GalleryKind, ImportSummary, NewSample, PersonRecord, PersonSummary, SampleView } from '../storage/index.ts';

export type { GalleryKind, ImportSummary, NewSample, PersonRecord, PersonSummary, SampleView };
/** Both galleries, in the order the People tabs show them (storage/types.ts holds no IndexedDB code). */
export { GALLERY_KINDS } from '../storage/types.ts';

export interface ModelProgress {
  readonly role: ModelRole;
  readonly file: string;
  readonly loaded: number;
  readonly total: number;
  readonly state: 'downloading' | 'verifying' | 'cached' | 'ready';
}

export interface EngineInfo {
  readonly backend: Backend;
  readonly preference: BackendPreference;
  readonly threads: number;
  /** Why the preferred backend is not in use; null when it is. */
  readonly fallbackReason: string | null;
}

/**
 * One step of the engine's start-up (downloads, onnxruntime's start, each session, the warm-up, the
 * first analysis), in ms since the worker started (the worker's performance.now()).
 */
export interface StartupStep {
  readonly step: string;
  readonly ms: number;
}

/** Callbacks the worker calls (passed through comlink.proxy). */
export interface EngineEvents {
  progress(progress: ModelProgress): void;
  /** The backend changed at run time (a WebGPU failure moved everything to WASM). */
  backendChanged(info: EngineInfo): void;
  /** A gallery changed, here or in another tab. */
  galleryChanged(kind: GalleryKind): void;
}

/** A photo file (decoded in the worker, EXIF orientation applied) or a captured video frame. */
export type ImageInput = { readonly kind: 'blob'; readonly blob: Blob } | { readonly kind: 'bitmap'; readonly bitmap: ImageBitmap };

export interface MatchRequest {
  readonly gallery: GalleryKind;
  readonly settings: MatchSettings;
  readonly topK: number;
  /** Include each candidate's best sample thumbnail (the lookalike screen shows them). */
  readonly thumbnails: boolean;
}

export interface AnalyzeRequest {
  /** 'photo' for files; a small detector input ({ maxSide }) for live video. */
  readonly detect: 'photo' | { readonly maxSide: number };
  readonly poseLimits: PoseLimits;
  readonly largestFaceOnly: boolean;
  /**
   * 'always' runs the pose model on every face (the enrolment camera, whose guidance shows the angles);
   * 'near-limits' only where the landmark pose is close to a limit (photos and live video: the landmark
   * estimate decides the filter for faces well inside the limits at no cost, and within
   * LANDMARK_POSE_MARGIN of a limit, or past it, the model decides).
   */
  readonly poseModel: 'always' | 'near-limits';
  readonly flip: boolean;
  /** Compute embeddings (enroll, identify, lookalike); false for a live preview overlay. */
  readonly embed: boolean;
  /** Aligned 112×112 face of every face as a JPEG. */
  readonly thumbnails: boolean;
  /** Search every embedded face in this gallery. */
  readonly match: MatchRequest | null;
  /**
   * Embed and search faces that fail the pose filter too, for a best guess shown as not checked: their
   * match has checked: false, and their embedding is still not returned (it is not reliable enough to keep).
   */
  readonly guessFiltered?: boolean;
}

export interface CandidateView extends Candidate {
  readonly sampleId: string;
  readonly thumbnail: Blob | null;
}

export interface MatchResult {
  readonly decision: Decision;
  /** False for a face that failed the pose filter, matched only for a best guess (AnalyzeRequest.guessFiltered). */
  readonly checked: boolean;
  /** Best first, at most topK. */
  readonly candidates: readonly CandidateView[];
}

export interface FaceResult {
  readonly box: Box;
  readonly score: number;
  readonly landmarks: Landmarks;
  readonly pose: HeadPose;
  /** Which estimate `pose` is: the pose model's, or the landmark geometry's. */
  readonly poseSource: 'model' | 'landmarks';
  readonly poseCheck: PoseCheck;
  readonly quality: RecognitionQuality;
  /** Whether the face clears the recognition floor; a face that does not is never matched ("too small to recognise"). */
  readonly recognition: RecognitionVerdict;
  /** Unit 512-d; null when not requested or the face failed the pose filter. */
  readonly embedding: Float32Array | null;
  readonly thumbnail: Blob | null;
  readonly match: MatchResult | null;
}

export interface ImageAnalysis {
  /** The upright image's size: boxes and landmarks are in its pixels. */
  readonly width: number;
  readonly height: number;
  /** About the photo itself: "animated GIF: using the first frame", shrunk for analysis, very small. */
  readonly notes: readonly string[];
  readonly faces: readonly FaceResult[];
  readonly timings: AnalysisTimings;
}

/**
 * Milliseconds spent in the worker on one image, per stage (summed over its faces). `total` runs from
 * the request's arrival to the reply and includes waiting for earlier requests and the rest (quality,
 * thumbnails).
 */
export interface AnalysisTimings extends StageTimings {
  readonly decode: number;
  /** The gallery search, with reading the candidates' thumbnails when they were asked for. */
  readonly search: number;
  readonly total: number;
}

/** Faces from the user's photos to group into people (the embeddings come from `analyze`). */
export interface GroupRequest {
  /** Ids are the caller's (a photo and a face index): the result names faces by them. */
  readonly faces: readonly ClusterFace[];
  /** Faces that match someone enrolled in this gallery go under that person first; null: group them all. */
  readonly gallery: GalleryKind | null;
  readonly settings: ClusterSettings;
}

export interface GroupResult extends Clustering {
  /** Enrolled people with the faces that match them, in order of first appearance. */
  readonly matched: readonly GalleryMatch[];
  /** Milliseconds the grouping took in the worker (after embedding). */
  readonly elapsedMs: number;
}

export type { Calibration, ClusterFace, ClusterSettings, GalleryMatch, PersonConflict, SampleConflict };

/** People who look alike and samples that look like someone else (core/search/calibrate.ts findConflicts). */
export interface GalleryConflicts {
  readonly people: readonly PersonConflict[];
  readonly samples: readonly SampleConflict[];
}

/** Tuning that only benchmarks need; the app leaves it unset. */
export interface EngineOptions {
  /** WASM threads (default: every core when cross-origin isolated). */
  readonly threads?: number;
}

/** The models and the pipeline: what runs a network or decodes a photo for analysis. */
export interface InferenceApi {
  /** Loads (or re-loads, on a backend change) the models; progress comes through events. */
  init(preference: BackendPreference, events: EngineEvents, options?: EngineOptions): Promise<EngineInfo>;
  /** Decodes, detects, checks the pose, embeds and (with `request.match`) searches a gallery. */
  analyze(image: ImageInput, request: AnalyzeRequest): Promise<ImageAnalysis>;
  /** Where this worker's start-up went, step by step, up to its first analysis (Settings → Engine shows it). */
  startupProfile(): Promise<readonly StartupStep[]>;
}

/** The galleries: IndexedDB and the in-memory search index kept in step with it, in every tab. */
export interface GalleryApi {
  search(embedding: Float32Array, request: MatchRequest): Promise<MatchResult>;
  listPeople(gallery: GalleryKind): Promise<PersonSummary[]>;
  listSamples(personId: string): Promise<SampleView[]>;
  /** Adds samples to the person of that name in the gallery (case-insensitive), creating them if new. */
  enroll(gallery: GalleryKind, name: string, samples: readonly NewSample[]): Promise<PersonSummary>;
  rename(personId: string, name: string): Promise<void>;
  /** Moves every sample of `fromId` to `intoId` and deletes `fromId`; returns `fromId` as it was, for undo (`restore`). */
  merge(fromId: string, intoId: string): Promise<PersonRecord>;
  /** Returns what was deleted, for undo. */
  deletePerson(personId: string): Promise<PersonRecord>;
  deleteSample(sampleId: string): Promise<PersonRecord>;
  /** Gives a sample to another person of its gallery; returns the sample and its person as they were, for undo (`restore`). */
  moveSample(sampleId: string, toPersonId: string): Promise<PersonRecord>;
  /** Undoes deletePerson, deleteSample, merge or moveSample with what they returned. */
  restore(record: PersonRecord): Promise<void>;
  clear(gallery: GalleryKind): Promise<void>;
  /** The gallery in the CLI's file format (JSON text). */
  exportGallery(gallery: GalleryKind): Promise<string>;
  /** Validates the whole file first; merges by name in one transaction. */
  importGallery(gallery: GalleryKind, text: string): Promise<ImportSummary>;
  /** Deletes both galleries (the whole IndexedDB database); lists in other tabs empty too. */
  deleteAllGalleries(): Promise<void>;
  /** Groups faces into people (core/search/cluster.ts groupFaces), here so the page never freezes. */
  groupFaces(request: GroupRequest): Promise<GroupResult>;
  /** The gallery's genuine and impostor scores, what `settings` does with them, and a suggested threshold. */
  calibrate(gallery: GalleryKind, settings: MatchSettings): Promise<Calibration>;
  /** Look-alike people and samples that look more like someone else, at `settings.threshold`. */
  findConflicts(gallery: GalleryKind, settings: MatchSettings): Promise<GalleryConflicts>;
}

/** What the worker exposes: both parts on one comlink endpoint (src/worker/faceEngine.ts). */
export type FaceEngineApi = InferenceApi & GalleryApi;
