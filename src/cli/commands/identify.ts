import { galleryPeople } from '../../core/formats/galleryFile.ts';
import { decide, GalleryIndex, UNKNOWN } from '../../core/search/match.ts';
import { plural } from '../../core/text.ts';
import {
  analyzeImage,
  analyzeOptions,
  faceJson,
  formatBox,
  loadImage,
  roundSimilarity,
  type CommandResult,
  type CommonOptions,
  type FaceJson,
} from '../common.ts';
import { readGallery } from './enroll.ts';

interface IdentifiedFaceJson extends FaceJson {
  identity: string;
  /**
   * known: named; uncertain: just below the threshold; unknown; filtered: dropped by the pose filter;
   * too-small: under the recognition floor (too small, blurred or unclear to tell apart; `quality.reason` says which).
   */
  status: 'known' | 'uncertain' | 'unknown' | 'filtered' | 'too-small';
  similarity: number | null;
  candidates: { personId: string; name: string; similarity: number }[];
  /**
   * For a face the pose filter dropped: the person it looks like (at or near the threshold), matched
   * anyway and never counted as identified, as the web app shows it ("looks like X, not checked").
   */
  guess: { name: string; similarity: number; status: 'known' | 'uncertain' } | null;
}

/** `faceprint identify --gallery G.json IMG…`: names every face, or "Unknown". */
export async function identifyCommand(
  galleryPath: string,
  files: readonly string[],
  o: CommonOptions,
  largestOnly: boolean,
): Promise<CommandResult> {
  const gallery = readGallery(galleryPath);
  const index = new GalleryIndex(galleryPeople(gallery));
  const images: { file: string; notes?: readonly string[]; faces?: IdentifiedFaceJson[]; error?: string }[] = [];
  const text: string[] = [];
  let exitCode = 0;
  if (index.size === 0) text.push(`note: ${galleryPath} has no one enrolled; every face is Unknown`);
  for (const file of files) {
    const loaded = await loadImage(file);
    if (!loaded.ok) {
      images.push({ file, error: loaded.error });
      text.push(`error: ${loaded.error}`);
      exitCode = 1;
      continue;
    }
    // Faces that fail the pose filter are embedded too, for the unchecked best guess only.
    const faces = await analyzeImage(loaded.image, analyzeOptions(o, { largestFaceOnly: largestOnly, embedFiltered: true }));
    text.push(`${file}: ${plural(faces.length, 'face')}`);
    for (const note of loaded.notes) text.push(`  note: ${note}`);
    const out = faces.map((f, i): IdentifiedFaceJson => {
      if (!f.recognition.recognisable) {
        // Under the recognition floor: not matched at all, not even for a guess (tiny faces look alike).
        text.push(`  #${i + 1} ${UNKNOWN} (not recognised: ${f.recognition.reason})  ${formatBox(f.box)}`);
        return { ...faceJson(f), identity: UNKNOWN, status: 'too-small', similarity: null, candidates: [], guess: null };
      }
      if (!f.embedding || !f.poseCheck.passed) {
        const d = f.embedding ? decide(index.search(f.embedding, 1), o.match) : null;
        const guess =
          d?.best && d.status !== 'unknown' ? { name: d.best.name, similarity: roundSimilarity(d.similarity), status: d.status } : null;
        const guessText = guess
          ? `; ${guess.status === 'known' ? 'looks like' : 'might be'} ${guess.name} ${d!.similarity.toFixed(2)}, not checked`
          : '';
        text.push(
          `  #${i + 1} ${UNKNOWN} (not recognised: ${f.poseCheck.passed ? 'no embedding' : f.poseCheck.reason}${guessText})  ${formatBox(f.box)}`,
        );
        return { ...faceJson(f), identity: UNKNOWN, status: 'filtered', similarity: null, candidates: [], guess };
      }
      const candidates = index.search(f.embedding, o.topK);
      const d = decide(candidates, o.match);
      const maybe = d.status === 'uncertain' && d.best ? ` (uncertain: maybe ${d.best.name})` : '';
      const others = candidates.map((c) => `${c.name} ${c.similarity.toFixed(2)}`).join(', ');
      text.push(`  #${i + 1} ${d.identity} ${d.similarity.toFixed(2)}${maybe}  ${formatBox(f.box)}${others ? `  [${others}]` : ''}`);
      return {
        ...faceJson(f),
        identity: d.identity,
        status: d.status,
        similarity: roundSimilarity(d.similarity),
        candidates: candidates.map((c) => ({ personId: c.personId, name: c.name, similarity: roundSimilarity(c.similarity) })),
        guess: null,
      };
    });
    images.push({ file, notes: loaded.notes, faces: out });
  }
  return { json: { gallery: galleryPath, threshold: o.match.threshold, uncertainBand: o.match.uncertainBand, images }, text, exitCode };
}
