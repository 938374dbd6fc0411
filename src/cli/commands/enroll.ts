import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import {
  addSamples,
  checkGalleryFileSize,
  emptyGallery,
  GalleryFormatError,
  newId,
  parseGallery,
  serializeGallery,
  type Gallery,
} from '../../core/formats/galleryFile.ts';
import { personNameFromFile, personNameFromFolder } from '../../core/formats/names.ts';
import { thumbnailDataUrl } from '../draw.ts';
import { plural } from '../../core/text.ts';
import { analyzeImage, analyzeOptions, imageFilesIn, loadImage, subfolders, type CommandResult, type CommonOptions } from '../common.ts';

export function readGallery(path: string): Gallery {
  if (!existsSync(path)) return emptyGallery();
  try {
    // From the size first: a huge file is refused without being read into memory.
    checkGalleryFileSize(statSync(path).size);
    return parseGallery(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof GalleryFormatError) throw new GalleryFormatError(`${path}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** `DIR/<person>/*` (name = folder) and/or `DIR/<Person_Name>[_N].jpg` (name from the file). */
export function enrolmentPlan(dir: string): { file: string; person: string }[] {
  const plan = imageFilesIn(dir).map((file) => ({ file, person: personNameFromFile(basename(file)) }));
  for (const folder of subfolders(dir)) {
    for (const file of imageFilesIn(join(dir, folder))) plan.push({ file, person: personNameFromFolder(folder) });
  }
  return plan;
}

/** `faceprint enroll --gallery G.json DIR`: the largest face of each photo, added to the gallery file. */
export async function enrollCommand(galleryPath: string, dir: string, o: CommonOptions): Promise<CommandResult> {
  let gallery = readGallery(galleryPath);
  const enrolled: { file: string; person: string; sampleId: string }[] = [];
  const skipped: { file: string; person: string; reason: string }[] = [];
  const errors: { file: string; error: string }[] = [];
  const text: string[] = [];
  for (const { file, person } of enrolmentPlan(dir)) {
    const loaded = await loadImage(file);
    if (!loaded.ok) {
      errors.push({ file, error: loaded.error });
      text.push(`error: ${loaded.error}`);
      continue;
    }
    const [face] = await analyzeImage(loaded.image, analyzeOptions(o, { largestFaceOnly: true }));
    const reason = !face
      ? 'no face found'
      : !face.poseCheck.passed
        ? face.poseCheck.reason
        : !face.recognition.recognisable
          ? `${face.recognition.reason}: use a closer or larger photo`
          : null;
    if (!face || !face.embedding || reason) {
      skipped.push({ file, person, reason: reason ?? 'no embedding' });
      text.push(`skipped ${file}: ${reason ?? 'no embedding'}`);
      continue;
    }
    const sampleId = newId();
    gallery = addSamples(gallery, person, [
      {
        id: sampleId,
        embedding: face.embedding,
        source: relative(dir, file),
        createdAt: new Date().toISOString(),
        pose: face.pose,
        thumbnail: await thumbnailDataUrl(face.aligned),
      },
    ]);
    enrolled.push({ file, person, sampleId });
    text.push(`enrolled ${file} as ${person}`);
  }
  writeFileSync(galleryPath, serializeGallery(gallery));
  const samples = gallery.people.reduce((n, p) => n + p.samples.length, 0);
  text.push(
    `${galleryPath}: added ${plural(enrolled.length, 'sample')}; gallery has ${plural(gallery.people.length, 'person', 'people')}, ` +
      `${plural(samples, 'sample')}` +
      (skipped.length ? `; ${skipped.length} skipped` : '') +
      (errors.length ? `; ${errors.length} unreadable` : ''),
  );
  return {
    json: { gallery: galleryPath, enrolled, skipped, errors, people: gallery.people.length, samples },
    text,
    exitCode: errors.length > 0 ? 1 : 0,
  };
}
