import { describe, expect, it } from 'vitest';
import { isImageFileName, personNameFromFile, personNameFromFolder } from '../src/core/names.ts';

describe('person names from files', () => {
  it('reads the seed’s file naming', () => {
    expect(personNameFromFile('Tom_Hanks.jpg')).toBe('Tom Hanks');
    expect(personNameFromFile('Tom_Hanks_2.jpg')).toBe('Tom Hanks');
    expect(personNameFromFile('celebs/Tom_Hanks_12.JPEG')).toBe('Tom Hanks');
    expect(personNameFromFile('Tom Hanks (3).png')).toBe('Tom Hanks');
    expect(personNameFromFile('Jean-Luc_Picard.jpg')).toBe('Jean Luc Picard');
    expect(personNameFromFile('50_Cent.jpg')).toBe('50 Cent');
    expect(personNameFromFile('2.jpg')).toBe('2');
    expect(personNameFromFile('obama1.jpg')).toBe('obama');
    expect(personNameFromFile('kit_harington/kit12.png')).toBe('kit');
    expect(personNameFromFolder('kit_harington')).toBe('kit harington');
  });

  it('recognises image file names', () => {
    expect(isImageFileName('a.JPG')).toBe(true);
    expect(isImageFileName('a.png')).toBe(true);
    expect(isImageFileName('notes.txt')).toBe(false);
  });
});
