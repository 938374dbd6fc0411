/**
 * The People screen's one-line message above the list. Its own module: usePeople owns the state,
 * while useGalleryFile and usePersonActions (which usePeople calls) report into it.
 */
export interface Flash {
  readonly tone: 'success' | 'error' | 'info';
  readonly text: string;
}

/** Shows a message above the list (null clears it). */
export type Report = (flash: Flash | null) => void;
