import { describe, expect, it } from 'vitest';
import {
  addedSince,
  dueReminder,
  EMPTY_LEDGER,
  parseLedger,
  recordBackup,
  recordDismissal,
  recordRestored,
  settle,
  type GalleryCounts,
} from '../src/app/storage/backupLedger.ts';

const sizes = (people: number, samples: number, celebrities = 0, celebritySamples = celebrities): GalleryCounts => ({
  people: { people, samples },
  celebrities: { people: celebrities, samples: celebritySamples },
});

describe('backup reminder ledger', () => {
  it('is due once 5 people or samples are added since the last backup, in either gallery', () => {
    expect(dueReminder(sizes(4, 4), EMPTY_LEDGER)).toBeNull();
    expect(dueReminder(sizes(2, 5), EMPTY_LEDGER)).toEqual({ people: 2, samples: 5 });
    expect(dueReminder(sizes(3, 3, 2), EMPTY_LEDGER)).toEqual({ people: 5, samples: 5 });
    const backedUp = recordBackup(EMPTY_LEDGER, ['people', 'celebrities'], sizes(6, 9));
    expect(dueReminder(sizes(6, 9), backedUp)).toBeNull();
    expect(dueReminder(sizes(8, 13), backedUp)).toBeNull();
    expect(dueReminder(sizes(8, 14), backedUp)).toEqual({ people: 2, samples: 5 });
  });

  it('a gallery’s own export backs up that gallery only', () => {
    const people = recordBackup(EMPTY_LEDGER, ['people'], sizes(6, 6, 6));
    expect(dueReminder(sizes(6, 6, 6), people)).toEqual({ people: 6, samples: 6 });
    expect(dueReminder(sizes(6, 6, 6), recordBackup(people, ['celebrities'], sizes(6, 6, 6)))).toBeNull();
  });

  it('after Not now, comes back only after 5 more additions', () => {
    const dismissed = recordDismissal(EMPTY_LEDGER, sizes(6, 6));
    expect(dueReminder(sizes(6, 6), dismissed)).toBeNull();
    expect(dueReminder(sizes(9, 10), dismissed)).toBeNull();
    expect(dueReminder(sizes(9, 11), dismissed)).toEqual({ people: 9, samples: 11 });
    // A backup clears the dismissal.
    expect(recordBackup(dismissed, ['people'], sizes(6, 6)).dismissed).toBeNull();
  });

  it('removals elsewhere do not hide additions, and a shrunk gallery counts from its new size', () => {
    const backedUp = recordBackup(EMPTY_LEDGER, ['people', 'celebrities'], sizes(10, 10, 10));
    expect(addedSince(sizes(15, 15, 0), backedUp.backedUp)).toEqual({ people: 5, samples: 5 });
    const settled = settle(backedUp, sizes(0, 0, 10));
    expect(settled.backedUp.people).toEqual({ people: 0, samples: 0 });
    expect(dueReminder(sizes(5, 5, 10), settled)).toEqual({ people: 5, samples: 5 });
  });

  it('what a restore adds from a backup counts as backed up; what was not backed up before still does not', () => {
    const restored = recordRestored(EMPTY_LEDGER, 'people', { people: 6, samples: 15 });
    expect(dueReminder(sizes(6, 15), restored)).toBeNull();
    expect(dueReminder(sizes(10, 20), recordRestored(EMPTY_LEDGER, 'people', { people: 6, samples: 15 }))).toEqual({
      people: 4,
      samples: 5,
    });
  });

  it('reads a stored ledger defensively', () => {
    expect(parseLedger(null)).toEqual(EMPTY_LEDGER);
    expect(parseLedger('not json')).toEqual(EMPTY_LEDGER);
    expect(parseLedger('[]').backedUp).toEqual(sizes(0, 0));
    const stored = recordDismissal(recordBackup(EMPTY_LEDGER, ['people'], sizes(3, 4, 1)), sizes(5, 6));
    expect(parseLedger(JSON.stringify(stored))).toEqual(stored);
    expect(parseLedger('{"backedUp":{"people":{"people":-3,"samples":"x"}},"dismissed":null}')).toEqual(EMPTY_LEDGER);
  });
});
