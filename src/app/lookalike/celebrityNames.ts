/**
 * Which celebrity a picked photo shows, from where it sits in what was picked: a photo in a
 * per-person sub-folder (`people/kit_harington/kit1.jpg`) is named after that folder ("Kit Harington");
 * a photo straight inside the picked folder, or picked on its own, after its file name
 * (`Tom_Hanks_2.jpg` → "Tom Hanks").
 */
import { personNameFromFile, personNameFromFolder } from '../../core/formats/names.ts';
import type { PickedFile } from '../components/FileDrop.tsx';

export interface NamedPhoto {
  readonly file: File;
  readonly path: string;
  readonly name: string;
}

/** Shown under the drop zone: the same rule as `nameCelebrityPhotos`, in plain words. */
export const NAMING_HINT =
  'Names come from per-person sub-folders (kit_harington/kit1.jpg → “Kit Harington”); a photo that is not in a sub-folder is named after its file (Tom_Hanks_2.jpg → “Tom Hanks”).';

export function pathSegments(path: string): string[] {
  return path.split(/[\\/]/).filter((s) => s.length > 0);
}

/**
 * The folder that was picked or dropped when everything lies inside that one folder (the folder
 * picker always gives paths like "people/obama/obama1.jpg"); null when loose files or several items
 * were dropped, whose paths then start right below the drop itself.
 */
export function pickedRoot(files: readonly Pick<PickedFile, 'path'>[]): string | null {
  let root: string | null = null;
  for (const f of files) {
    const segments = pathSegments(f.path);
    const first = segments[0];
    if (segments.length < 2 || first === undefined) return null;
    if (root === null) root = first;
    else if (root !== first) return null;
  }
  return root;
}

/** The celebrity name of every photo: the immediate parent folder when it lies below the picked root, else the file name. */
export function nameCelebrityPhotos(files: readonly PickedFile[]): NamedPhoto[] {
  const root = pickedRoot(files);
  return files.map(({ file, path }) => {
    const segments = pathSegments(path);
    const beyondRoot = root === null ? segments.length : segments.length - 1;
    const parent = segments.length >= 2 ? segments[segments.length - 2] : undefined;
    if (beyondRoot >= 2 && parent !== undefined) {
      const name = personNameFromFolder(parent);
      if (name) return { file, path, name };
    }
    return { file, path, name: personNameFromFile(file.name) };
  });
}
