/** How picked photos are named for the celebrity gallery (src/app/lookalike/celebrityNames.ts). */
import { describe, expect, it } from 'vitest';
import type { PickedFile } from '../src/app/components/FileDrop.tsx';
import { nameCelebrityPhotos, pathSegments, pickedRoot } from '../src/app/lookalike/celebrityNames.ts';

/** A picked file whose File name is the last path segment (as the pickers give it). */
function picked(path: string): PickedFile {
  const name = path.split(/[\\/]/).pop() ?? path;
  return { file: new File([new Uint8Array([0xff, 0xd8])], name, { type: 'image/jpeg' }), path };
}

const namesOf = (paths: readonly string[]): string[] => nameCelebrityPhotos(paths.map(picked)).map((p) => p.name);

describe('celebrity names from picked paths', () => {
  it('splits paths on both slashes and drops empty segments', () => {
    expect(pathSegments('people/kit_harington/kit1.jpg')).toEqual(['people', 'kit_harington', 'kit1.jpg']);
    expect(pathSegments('people\\kit_harington\\kit1.jpg')).toEqual(['people', 'kit_harington', 'kit1.jpg']);
    expect(pathSegments('/people//kit1.jpg/')).toEqual(['people', 'kit1.jpg']);
    expect(pathSegments('')).toEqual([]);
  });

  it('finds the picked root only when every path lies inside one folder', () => {
    expect(pickedRoot([{ path: 'people/obama/obama1.jpg' }, { path: 'people/Tom_Hanks.jpg' }])).toBe('people');
    expect(pickedRoot([{ path: 'people\\obama\\obama1.jpg' }])).toBe('people');
    // Several dropped folders, or a loose file among them: no single root.
    expect(pickedRoot([{ path: 'kit_harington/kit1.jpg' }, { path: 'obama/obama1.jpg' }])).toBeNull();
    expect(pickedRoot([{ path: 'people/obama/obama1.jpg' }, { path: 'Tom_Hanks.jpg' }])).toBeNull();
    expect(pickedRoot([{ path: 'Tom_Hanks.jpg' }])).toBeNull();
    expect(pickedRoot([])).toBeNull();
  });

  it('names a photo in a per-person sub-folder after that folder', () => {
    expect(namesOf(['people/kit_harington/kit1.jpg', 'people/kit_harington/kit2.jpg', 'people/obama/obama1.jpg'])).toEqual([
      'Kit Harington',
      'Kit Harington',
      'Obama',
    ]);
    // The immediate parent, however deep.
    expect(namesOf(['people/actors/kit_harington/kit1.jpg'])).toEqual(['Kit Harington']);
  });

  it('names a photo straight inside the picked folder after its file name', () => {
    expect(namesOf(['people/kit_harington/kit1.jpg', 'people/Tom_Hanks_2.jpg', 'people/obama1.jpg'])).toEqual([
      'Kit Harington',
      'Tom Hanks',
      'Obama',
    ]);
    // One person's folder picked alone: its photos lie straight inside the picked folder.
    expect(namesOf(['Tom_Hanks/Tom_Hanks_2.jpg'])).toEqual(['Tom Hanks']);
    expect(namesOf(['kit_harington/kit1.jpg', 'kit_harington/kit2.jpg'])).toEqual(['Kit', 'Kit']);
  });

  it('names loose files after their file names', () => {
    expect(namesOf(['Tom_Hanks_2.jpg', 'obama1.jpg', 'Tom Hanks (3).png'])).toEqual(['Tom Hanks', 'Obama', 'Tom Hanks']);
  });

  it('names photos of several dropped folders after each folder', () => {
    expect(namesOf(['kit_harington/kit1.jpg', 'obama/obama1.jpg', 'obama/obama2.jpg'])).toEqual(['Kit Harington', 'Obama', 'Obama']);
    // A loose file dropped with the folders keeps its file name.
    expect(namesOf(['kit_harington/kit1.jpg', 'Tom_Hanks_2.jpg'])).toEqual(['Kit Harington', 'Tom Hanks']);
  });

  it('handles Windows-style paths like slashes', () => {
    expect(namesOf(['people\\kit_harington\\kit1.jpg', 'people\\obama1.jpg'])).toEqual(['Kit Harington', 'Obama']);
  });

  it('falls back to the file name when the folder name has no name in it', () => {
    expect(namesOf(['people/___/Tom_Hanks_2.jpg'])).toEqual(['Tom Hanks']);
  });

  it('keeps each photo’s file and path', () => {
    const files = [picked('people/obama/obama1.jpg'), picked('people/x.jpg')];
    const named = nameCelebrityPhotos(files);
    expect(named.map((n) => n.file)).toEqual(files.map((f) => f.file));
    expect(named[0]!.file).toBe(files[0]!.file);
    expect(named.map((n) => n.path)).toEqual(['people/obama/obama1.jpg', 'people/x.jpg']);
  });
});
