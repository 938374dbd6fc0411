/**
 * When to remind the user to export a backup: the galleries' sizes at the last export (per gallery: a
 * gallery's own Export backs up that one) and at the last dismissal of the reminder, kept in
 * localStorage. The reminder is due once 5 people or samples have been added since the last backup,
 * and after a dismissal only once 5 more have been added since.
 */
import { GALLERY_KINDS, type GalleryKind } from '../../worker/api.ts';
import { STORAGE_KEY_PREFIX } from '../settings/settings.ts';

export interface Counts {
  readonly people: number;
  readonly samples: number;
}
export type GalleryCounts = Readonly<Record<GalleryKind, Counts>>;

export interface BackupLedger {
  readonly backedUp: GalleryCounts;
  readonly dismissed: GalleryCounts | null;
}

/** Additions (people or samples) that make a backup worth reminding. */
export const REMIND_AFTER = 5;

const ZERO: Counts = { people: 0, samples: 0 };
export const NO_COUNTS: GalleryCounts = { people: ZERO, celebrities: ZERO };
export const EMPTY_LEDGER: BackupLedger = { backedUp: NO_COUNTS, dismissed: null };

/** People and samples added since `mark`, over both galleries (removals do not offset additions elsewhere). */
export function addedSince(now: GalleryCounts, mark: GalleryCounts): Counts {
  let people = 0;
  let samples = 0;
  for (const kind of GALLERY_KINDS) {
    people += Math.max(0, now[kind].people - mark[kind].people);
    samples += Math.max(0, now[kind].samples - mark[kind].samples);
  }
  return { people, samples };
}

const meaningful = (added: Counts): boolean => added.people >= REMIND_AFTER || added.samples >= REMIND_AFTER;

/** What has been added since the last backup, when a reminder is due; null when not. */
export function dueReminder(now: GalleryCounts, ledger: BackupLedger): Counts | null {
  const added = addedSince(now, ledger.backedUp);
  if (!meaningful(added)) return null;
  if (ledger.dismissed && !meaningful(addedSince(now, ledger.dismissed))) return null;
  return added;
}

/** After a gallery shrank (a delete), its marks come down with it, so what is added later counts. */
export function settle(ledger: BackupLedger, now: GalleryCounts): BackupLedger {
  const lower = (mark: GalleryCounts): GalleryCounts => {
    const entry = (kind: GalleryKind): Counts => ({
      people: Math.min(mark[kind].people, now[kind].people),
      samples: Math.min(mark[kind].samples, now[kind].samples),
    });
    return { people: entry('people'), celebrities: entry('celebrities') };
  };
  return { backedUp: lower(ledger.backedUp), dismissed: ledger.dismissed && lower(ledger.dismissed) };
}

/** The galleries in `kinds` were exported with these sizes. */
export function recordBackup(ledger: BackupLedger, kinds: readonly GalleryKind[], now: GalleryCounts): BackupLedger {
  const backedUp = { ...ledger.backedUp };
  for (const kind of kinds) backedUp[kind] = now[kind];
  return { backedUp, dismissed: null };
}

/** A restore added this much to a gallery from a backup file: already backed up, so the mark rises with it. */
export function recordRestored(ledger: BackupLedger, kind: GalleryKind, added: Counts): BackupLedger {
  const mark = ledger.backedUp[kind];
  return {
    ...ledger,
    backedUp: { ...ledger.backedUp, [kind]: { people: mark.people + added.people, samples: mark.samples + added.samples } },
  };
}

export function recordDismissal(ledger: BackupLedger, now: GalleryCounts): BackupLedger {
  return { ...ledger, dismissed: now };
}

const count = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);

function parseCounts(value: unknown): GalleryCounts | null {
  if (typeof value !== 'object' || value === null) return null;
  const raw = value as Record<string, unknown>;
  const entry = (kind: GalleryKind): Counts => {
    const c = raw[kind];
    const fields = typeof c === 'object' && c !== null ? (c as Record<string, unknown>) : {};
    return { people: count(fields.people), samples: count(fields.samples) };
  };
  return { people: entry('people'), celebrities: entry('celebrities') };
}

/** A stored ledger, anything unreadable as the empty one (nothing backed up). */
export function parseLedger(text: string | null): BackupLedger {
  if (!text) return EMPTY_LEDGER;
  try {
    const raw = JSON.parse(text) as unknown;
    if (typeof raw !== 'object' || raw === null) return EMPTY_LEDGER;
    const { backedUp, dismissed } = raw as Record<string, unknown>;
    return { backedUp: parseCounts(backedUp) ?? NO_COUNTS, dismissed: parseCounts(dismissed) };
  } catch {
    return EMPTY_LEDGER;
  }
}

const LEDGER_KEY = `${STORAGE_KEY_PREFIX}-backup-v1`;
/** Fired on window when this tab changes the ledger (the storage event only reaches other tabs). */
export const LEDGER_EVENT = 'faceprint-backup-ledger';

export function loadLedger(): BackupLedger {
  try {
    return parseLedger(localStorage.getItem(LEDGER_KEY));
  } catch {
    return EMPTY_LEDGER;
  }
}

export function saveLedger(ledger: BackupLedger): void {
  try {
    localStorage.setItem(LEDGER_KEY, JSON.stringify(ledger));
  } catch {
    // Storage full or disabled: the reminder may come back, nothing worse.
  }
  window.dispatchEvent(new Event(LEDGER_EVENT));
}

/** The sizes of a gallery's people list. */
export const countsOf = (people: readonly { readonly sampleCount: number }[]): Counts => ({
  people: people.length,
  samples: people.reduce((n, p) => n + p.sampleCount, 0),
});

/** Records an export of one gallery with its current size (the People screen's Export). */
export function recordGalleryExport(kind: GalleryKind, people: readonly { readonly sampleCount: number }[]): void {
  const ledger = loadLedger();
  saveLedger(recordBackup(ledger, [kind], { ...ledger.backedUp, [kind]: countsOf(people) }));
}
