import { cosineSimilarity } from '../../core/search/match.ts';
import {
  analyzeImage,
  analyzeOptions,
  faceJson,
  loadImage,
  roundSimilarity,
  VERIFY_OPTIONS,
  type CommandResult,
  type CommonOptions,
} from '../common.ts';

/** `faceprint verify A B`: similarity of the largest faces and same/different at the threshold. */
export async function verifyCommand(a: string, b: string, o: CommonOptions): Promise<CommandResult> {
  const sides = [];
  const text: string[] = [];
  for (const file of [a, b]) {
    const loaded = await loadImage(file);
    if (!loaded.ok) {
      text.push(`error: ${loaded.error}`);
      sides.push({ file, error: loaded.error, face: null, embedding: null });
      continue;
    }
    const [face] = await analyzeImage(loaded.image, analyzeOptions(o, VERIFY_OPTIONS));
    if (!face) text.push(`error: ${file}: no face found`);
    else if (!face.poseCheck.passed) text.push(`warning: ${file}: ${face.poseCheck.reason}; the comparison is less reliable`);
    sides.push({ file, error: face ? null : 'no face found', face: face ? faceJson(face) : null, embedding: face?.embedding ?? null });
  }
  const [ea, eb] = [sides[0]?.embedding, sides[1]?.embedding];
  const similarity = ea && eb ? cosineSimilarity(ea, eb) : null;
  const same = similarity !== null ? similarity >= o.match.threshold : null;
  if (similarity !== null) {
    text.push(`similarity ${similarity.toFixed(3)} → ${same ? 'same person' : 'different people'} (threshold ${o.match.threshold})`);
  }
  return {
    json: {
      a: { file: a, face: sides[0]?.face ?? null, error: sides[0]?.error ?? null },
      b: { file: b, face: sides[1]?.face ?? null, error: sides[1]?.error ?? null },
      similarity: similarity === null ? null : roundSimilarity(similarity),
      same,
      threshold: o.match.threshold,
    },
    text,
    exitCode: similarity === null ? 1 : 0,
  };
}
