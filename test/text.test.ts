/** The wording shared by the app, the worker and the CLI (src/core/text.ts). */
import { describe, expect, it } from 'vitest';
import { MAX_GALLERY_FILE_BYTES } from '../src/core/formats/galleryFile.ts';
import { MAX_IMAGE_FILE_BYTES } from '../src/core/formats/imageLimits.ts';
import { bytesText, errorMessage, plural } from '../src/core/text.ts';

describe('plural', () => {
  it('says one thing in the singular and any other count in the plural', () => {
    expect(plural(1, 'photo')).toBe('1 photo');
    expect(plural(0, 'photo')).toBe('0 photos');
    expect(plural(14, 'photo')).toBe('14 photos');
    expect(plural(1, 'celebrity', 'celebrities')).toBe('1 celebrity');
    expect(plural(6, 'celebrity', 'celebrities')).toBe('6 celebrities');
    expect(plural(2, 'person', 'people')).toBe('2 people');
  });
});

describe('bytesText', () => {
  it('shows small sizes in whole kB', () => {
    expect(bytesText(0)).toBe('0 kB');
    expect(bytesText(340 * 1024)).toBe('340 kB');
    expect(bytesText(1024 * 1024 - 1)).toBe('1024 kB');
  });

  it('keeps one decimal below 100 MB, so a model download visibly moves', () => {
    expect(bytesText(1024 * 1024)).toBe('1.0 MB');
    expect(bytesText(12_746_818)).toBe('12.2 MB'); // the three models together
    expect(bytesText(MAX_IMAGE_FILE_BYTES)).toBe('50.0 MB');
    expect(bytesText(99.94 * 1024 * 1024)).toBe('99.9 MB');
  });

  it('rounds to whole MB from 100 MB and switches to GB from 1 GB', () => {
    expect(bytesText(MAX_GALLERY_FILE_BYTES)).toBe('200 MB');
    expect(bytesText(250.4 * 1024 * 1024)).toBe('250 MB');
    expect(bytesText(1024 ** 3)).toBe('1.0 GB');
    expect(bytesText(2.5 * 1024 ** 3)).toBe('2.5 GB');
  });
});

describe('errorMessage', () => {
  it('gives an error’s message, and anything else as text', () => {
    expect(errorMessage(new TypeError('bad input'))).toBe('bad input');
    expect(errorMessage('plain text')).toBe('plain text');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(null)).toBe('null');
  });

  it('drops the "Error: " of an error that was turned into text on the way', () => {
    expect(errorMessage(String(new Error('the worker stopped')))).toBe('the worker stopped');
    expect(errorMessage(new Error('Error: quota exceeded'))).toBe('quota exceeded');
    expect(errorMessage(new Error('Not an Error: kept'))).toBe('Not an Error: kept');
  });
});
