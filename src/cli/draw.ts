/** `--draw`: boxes, landmarks and labels over the (upright) image, written as JPEG with sharp. */
import sharp from 'sharp';
import type { AnalyzedFace } from '../core/pipeline/pipeline.ts';
import type { RgbImage } from '../core/pipeline/image.ts';

const LANDMARK_COLOURS = ['#00e5ff', '#00e5ff', '#ffd600', '#ff4081', '#ff4081'];

const escapeXml = (s: string): string =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

export async function drawFaces(image: RgbImage, faces: readonly AnalyzedFace[], labels: readonly string[], out: string): Promise<void> {
  const stroke = Math.max(2, Math.round(Math.max(image.width, image.height) / 400));
  const shapes = faces.map((f, i) => {
    const { x1, y1, x2, y2 } = f.box;
    const colour = f.poseCheck.passed ? '#00e676' : '#ff9100';
    const r = Math.max(2, (x2 - x1) / 40);
    const dots = f.landmarks
      .map(([x, y], k) => `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r.toFixed(1)}" fill="${LANDMARK_COLOURS[k]}"/>`)
      .join('');
    const label = labels[i] ?? `${(f.score * 100).toFixed(0)}%`;
    const size = Math.max(12, Math.round((x2 - x1) / 8));
    return (
      `<rect x="${x1.toFixed(1)}" y="${y1.toFixed(1)}" width="${(x2 - x1).toFixed(1)}" height="${(y2 - y1).toFixed(1)}" ` +
      `fill="none" stroke="${colour}" stroke-width="${stroke}"/>${dots}` +
      `<text x="${x1.toFixed(1)}" y="${(y1 - stroke * 2).toFixed(1)}" font-family="sans-serif" font-size="${size}" ` +
      `fill="${colour}" stroke="black" stroke-width="${Math.max(1, size / 12).toFixed(1)}" paint-order="stroke">${escapeXml(label)}</text>`
    );
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${image.width}" height="${image.height}">${shapes.join('')}</svg>`;
  await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .composite([{ input: Buffer.from(svg) }])
    .jpeg({ quality: 90 })
    .toFile(out);
}

/** The aligned face as a JPEG data URL (the gallery's sample thumbnail). */
export async function thumbnailDataUrl(face: RgbImage): Promise<string> {
  const jpeg = await sharp(Buffer.from(face.data.buffer, face.data.byteOffset, face.data.length), {
    raw: { width: face.width, height: face.height, channels: 3 },
  })
    .jpeg({ quality: 85 })
    .toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}
