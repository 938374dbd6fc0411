import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { drawFaces } from '../draw.ts';
import { plural } from '../../core/text.ts';
import {
  analyzeImage,
  analyzeOptions,
  faceJson,
  formatBox,
  formatPose,
  loadImage,
  type CommandResult,
  type CommonOptions,
  type FaceJson,
} from '../common.ts';

/** `faceprint detect IMG… [--draw OUT]`: every face with box, score, landmarks and pose. */
export async function detectCommand(files: readonly string[], o: CommonOptions, draw: string | null): Promise<CommandResult> {
  const drawIntoFolder = draw !== null && (files.length > 1 || draw.endsWith('/') || (existsSync(draw) && statSync(draw).isDirectory()));
  if (drawIntoFolder && draw) mkdirSync(draw, { recursive: true });
  const images: {
    file: string;
    width?: number;
    height?: number;
    notes?: readonly string[];
    faces?: FaceJson[];
    drawn?: string;
    error?: string;
  }[] = [];
  const text: string[] = [];
  let exitCode = 0;
  for (const file of files) {
    const loaded = await loadImage(file);
    if (!loaded.ok) {
      images.push({ file, error: loaded.error });
      text.push(`error: ${loaded.error}`);
      exitCode = 1;
      continue;
    }
    const faces = await analyzeImage(loaded.image, analyzeOptions(o, { embed: false }));
    let drawn: string | undefined;
    if (draw !== null) {
      drawn = drawIntoFolder ? join(draw, `${basename(file, extname(file))}.faces.jpg`) : draw;
      await drawFaces(loaded.image, faces, [], drawn);
    }
    const { notes } = loaded;
    images.push({
      file,
      width: loaded.image.width,
      height: loaded.image.height,
      notes,
      faces: faces.map(faceJson),
      ...(drawn ? { drawn } : {}),
    });
    text.push(`${file} (${loaded.image.width}×${loaded.image.height}): ${plural(faces.length, 'face')}${drawn ? ` → ${drawn}` : ''}`);
    for (const note of notes) text.push(`  note: ${note}`);
    faces.forEach((f, i) => {
      text.push(`  #${i + 1} ${formatBox(f.box)} score ${f.score.toFixed(3)}  ${formatPose(f.pose)}`);
      text.push(`     landmarks ${f.landmarks.map(([x, y]) => `(${x.toFixed(0)},${y.toFixed(0)})`).join(' ')}`);
      if (!f.poseCheck.passed) text.push(`     would be dropped for recognition: ${f.poseCheck.reason}`);
    });
  }
  return { json: { images }, text, exitCode };
}
