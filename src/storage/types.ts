/**
 * The gallery store's data as its callers see it (the worker, and through it the page). Two galleries,
 * 'people' and 'celebrities', share one database; every query is scoped to one of them.
 */
import type { HeadPose } from '../core/pipeline/pose.ts';

export type GalleryKind = 'people' | 'celebrities';
export const GALLERY_KINDS: readonly GalleryKind[] = ['people', 'celebrities'];

export interface NewSample {
  /** Unit length, EMBEDDING_SIZE values. */
  readonly embedding: Float32Array;
  /** JPEG of the aligned 112×112 face. */
  readonly thumbnail: Blob | null;
  /** File name, or 'webcam'. */
  readonly source: string;
  readonly pose: HeadPose | null;
}

export interface PersonSummary {
  readonly id: string;
  readonly gallery: GalleryKind;
  readonly name: string;
  readonly createdAt: string;
  readonly sampleCount: number;
  /** The oldest sample's thumbnail among those that have one. */
  readonly thumbnail: Blob | null;
}

export interface SampleView {
  readonly id: string;
  readonly personId: string;
  readonly source: string;
  readonly pose: HeadPose | null;
  readonly createdAt: string;
  readonly thumbnail: Blob | null;
}

/** A sample with everything the store keeps of it (what a delete returns for undo); thumbnail as a Blob. */
export interface StoredSample extends SampleView {
  readonly gallery: GalleryKind;
  readonly embedding: Float32Array;
}

export interface PersonInfo {
  readonly id: string;
  readonly gallery: GalleryKind;
  readonly name: string;
  readonly createdAt: string;
}

/** What a delete removed, for undo (`restore`). */
export interface PersonRecord {
  readonly person: PersonInfo;
  readonly samples: readonly StoredSample[];
}

export interface ImportSummary {
  /** People in the file. */
  readonly people: number;
  /** New people created. */
  readonly added: number;
  /** File people whose new samples went to an existing person of the same name. */
  readonly merged: number;
  /** Samples written (samples already in the gallery are skipped). */
  readonly samples: number;
}

/** One searchable person: the worker builds its matrix from these. */
export interface IndexRow {
  readonly id: string;
  readonly name: string;
  readonly sampleIds: string[];
  readonly embeddings: Float32Array[];
}
