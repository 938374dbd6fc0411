/** Words and file names for the People screen: kept apart from the components so they read the same everywhere. */
import type { HeadPose } from '../../core/pipeline/pose.ts';
import { plural } from '../../core/text.ts';
import { GALLERY_KINDS, type GalleryKind, type ImportSummary } from '../../worker/api.ts';

export { GALLERY_KINDS };

export interface GalleryCopy {
  /** The tab's label. */
  readonly title: string;
  /** What the gallery is for, in one line. */
  readonly purpose: string;
  /** Where people are added to it. */
  readonly addHref: string;
  readonly addLabel: string;
}

export const GALLERY_COPY: Readonly<Record<GalleryKind, GalleryCopy>> = {
  people: {
    title: 'People',
    purpose: 'Identification: the Identify screen names these people in photos and on the webcam.',
    addHref: '#/enroll',
    addLabel: 'Enroll people',
  },
  celebrities: {
    title: 'Celebrities',
    purpose: 'Lookalike: the Lookalike screen finds which of these faces you resemble most.',
    addHref: '#/lookalike',
    addLabel: 'Add celebrities on Lookalike',
  },
};

/** `faceprint-people-2025-03-14.json`: the local date, so the name matches the user's calendar. */
export function exportFileName(kind: GalleryKind, now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `faceprint-${kind}-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`;
}

/** "Imported 2 people (1 new, 1 merged), 3 samples". */
export function importSummaryText(summary: ImportSummary): string {
  const text = `Imported ${plural(summary.people, 'person', 'people')} (${summary.added} new, ${summary.merged} merged), ${plural(summary.samples, 'sample')}`;
  return summary.people > 0 && summary.samples === 0 ? `${text}: everything in this file was already in the gallery.` : `${text}.`;
}

const WORKER_PREFIX = 'Not a valid Faceprint gallery file: ';
const NOT_A_GALLERY = /^not a Faceprint gallery(?: file)?(?::\s*(.*))?$/;

/** Turns the worker's import error into one sentence that names the file and says nothing changed. */
export function importErrorText(fileName: string, message: string): string {
  const detail = message.startsWith(WORKER_PREFIX) ? message.slice(WORKER_PREFIX.length) : message;
  const notGallery = NOT_A_GALLERY.exec(detail);
  const reason = notGallery ? `it is not a Faceprint gallery file${notGallery[1] ? ` (${notGallery[1]})` : ''}` : detail.replace(/\.$/, '');
  return `“${fileName}” was not imported: ${reason}. Nothing in the gallery was changed.`;
}

/** After a reload cut an import short: the transaction makes it all or nothing, and importing again is safe. */
export function interruptedImportText(fileName: string): string {
  return `The import of “${fileName}” did not finish: the page was reloaded or closed while it ran. An import is saved whole or not at all, so import the file again to be sure it is all there; what is already in the gallery is skipped.`;
}

const DATE_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A stored ISO date as the user's locale writes it; the raw text when it does not parse. */
export function dateText(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE_FORMAT.format(date);
}

/** Whole degrees with a true minus sign; never "-0°". */
function angle(degrees: number): string {
  const rounded = Math.round(degrees);
  return `${rounded < 0 ? '\u2212' : ''}${Math.abs(rounded)}°`;
}

/** "yaw −3° · pitch 5° · roll 0°" */
export function poseSummary(pose: HeadPose): string {
  return `yaw ${angle(pose.yaw)} · pitch ${angle(pose.pitch)} · roll ${angle(pose.roll)}`;
}
