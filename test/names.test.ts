import { describe, expect, it } from 'vitest';
import { capitaliseName, isImageFileName, isSystemPath, personNameFromFile, personNameFromFolder } from '../src/core/formats/names.ts';

describe('person names from files', () => {
  it('reads the seed’s file naming', () => {
    expect(personNameFromFile('Tom_Hanks.jpg')).toBe('Tom Hanks');
    expect(personNameFromFile('Tom_Hanks_2.jpg')).toBe('Tom Hanks');
    expect(personNameFromFile('celebs/Tom_Hanks_12.JPEG')).toBe('Tom Hanks');
    expect(personNameFromFile('Tom Hanks (3).png')).toBe('Tom Hanks');
    expect(personNameFromFile('Jean-Luc_Picard.jpg')).toBe('Jean Luc Picard');
    expect(personNameFromFile('50_Cent.jpg')).toBe('50 Cent');
    expect(personNameFromFile('2.jpg')).toBe('2');
    expect(personNameFromFile('obama1.jpg')).toBe('Obama');
    expect(personNameFromFile('kit_harington/kit12.png')).toBe('Kit');
    expect(personNameFromFolder('kit_harington')).toBe('Kit Harington');
  });

  it('capitalises lower-case words and keeps words written with capitals', () => {
    expect(personNameFromFolder('angelina_jolie')).toBe('Angelina Jolie');
    expect(personNameFromFolder('McDonald_ray')).toBe('McDonald Ray');
    expect(personNameFromFolder('jean-luc_picard')).toBe('Jean-Luc Picard');
    expect(personNameFromFolder("conan_o'brien")).toBe("Conan O'Brien");
    expect(personNameFromFolder('élodie__yung')).toBe('Élodie Yung');
    expect(personNameFromFolder('ALEX lacamoire')).toBe('ALEX Lacamoire');
    expect(personNameFromFile('tom_hanks_2.jpg')).toBe('Tom Hanks');
    expect(personNameFromFile('DiCaprio_leonardo.jpg')).toBe('DiCaprio Leonardo');
    expect(capitaliseName('50 cent')).toBe('50 Cent');
  });

  it('recognises image file names', () => {
    expect(isImageFileName('a.JPG')).toBe(true);
    expect(isImageFileName('a.png')).toBe(true);
    expect(isImageFileName('notes.txt')).toBe(false);
  });
});

describe('system files', () => {
  it('skips hidden files and anything inside a hidden folder, with either separator', () => {
    expect(isSystemPath('.DS_Store')).toBe(true);
    expect(isSystemPath('people/.DS_Store')).toBe(true);
    expect(isSystemPath('people/obama/._obama1.jpg')).toBe(true);
    expect(isSystemPath('people/.thumbnails/obama1.jpg')).toBe(true);
    expect(isSystemPath('people\\.git\\x.jpg')).toBe(true);
  });

  it('skips what Windows and macOS zips leave behind, whatever the case', () => {
    expect(isSystemPath('people/__MACOSX/obama/obama1.jpg')).toBe(true);
    expect(isSystemPath('people/Thumbs.db')).toBe(true);
    expect(isSystemPath('people/thumbs.db')).toBe(true);
    expect(isSystemPath('people\\obama\\desktop.ini')).toBe(true);
    expect(isSystemPath('Desktop.ini')).toBe(true);
  });

  it('keeps the user’s own files, dots and look-alike names included', () => {
    expect(isSystemPath('obama1.jpg')).toBe(false);
    expect(isSystemPath('people/obama/obama.1.jpg')).toBe(false);
    expect(isSystemPath('people/Thumbs.db.jpg')).toBe(false);
    expect(isSystemPath('people/macosx/obama1.jpg')).toBe(false);
    expect(isSystemPath('people/my.photos/obama1.jpg')).toBe(false);
  });
});
