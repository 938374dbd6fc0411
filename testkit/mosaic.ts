/**
 * Crowd photos made from the fixture portraits (the class-photo test of issue 13): every portrait
 * shrunk so its face is W px wide and tiled into one image, so every pair of faces of different
 * people in it is a guaranteed stranger pair. bench/run/clusterHard.ts and bench/run/crowdFar.ts use it.
 */
import sharp from 'sharp';
import { decodeImageFile } from '../src/cli/decode.ts';
import type { Box } from '../src/core/pipeline/detect.ts';
import type { RgbImage } from '../src/core/pipeline/image.ts';
import { cosineSimilarity } from '../src/core/search/match.ts';

export interface MosaicPortrait {
  readonly file: string;
  readonly person: string;
  /** Width of the portrait's own (largest) face in the original photo. */
  readonly faceWidth: number;
}

export interface MosaicTile {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly person: string;
}

export const rgbOf = async (buffer: Buffer): Promise<RgbImage> => {
  const { data, info } = await sharp(buffer).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
};

const sharpOf = (image: RgbImage) =>
  sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), {
    raw: { width: image.width, height: image.height, channels: 3 },
  });

/**
 * All portraits in one 1000 px wide image on mid-grey, each scaled (Lanczos) so its face is `faceWidth`
 * px wide, packed in rows with a gap. `damage` is applied to each portrait before it is shrunk (e.g. a
 * blur relative to the face width); `jpegQuality` compresses the finished mosaic.
 */
export async function portraitMosaic(
  photos: readonly MosaicPortrait[],
  faceWidth: number,
  options: { damage?: (image: RgbImage, p: MosaicPortrait) => Promise<RgbImage>; jpegQuality?: number } = {},
): Promise<{ image: RgbImage; tiles: MosaicTile[] }> {
  const canvasWidth = 1000;
  const gap = 8;
  const tiles: (MosaicTile & { input: Buffer })[] = [];
  let x = gap;
  let y = gap;
  let rowHeight = 0;
  for (const p of photos) {
    const decoded = await decodeImageFile(p.file);
    const source = options.damage ? await options.damage(decoded, p) : decoded;
    const scale = faceWidth / p.faceWidth;
    const w = Math.max(8, Math.round(source.width * scale));
    const h = Math.max(8, Math.round(source.height * scale));
    const input = await sharpOf(source).resize(w, h, { kernel: 'lanczos3' }).png().toBuffer();
    if (x + w + gap > canvasWidth) {
      x = gap;
      y += rowHeight + gap;
      rowHeight = 0;
    }
    tiles.push({ x, y, w, h, person: p.person, input });
    x += w + gap;
    rowHeight = Math.max(rowHeight, h);
  }
  const height = y + rowHeight + gap;
  const canvas = sharp({ create: { width: canvasWidth, height, channels: 3, background: { r: 128, g: 128, b: 128 } } }).composite(
    tiles.map((t) => ({ input: t.input, left: t.x, top: t.y })),
  );
  const encoded = options.jpegQuality ? await canvas.jpeg({ quality: options.jpegQuality }).toBuffer() : await canvas.png().toBuffer();
  return { image: await rgbOf(encoded), tiles: tiles.map(({ input: _input, ...t }) => t) };
}

export interface CrowdFace {
  readonly id: string;
  readonly box: Box;
  readonly embedding: Float32Array;
}

/**
 * Who each face of a mosaic is: a tile's largest face is the tile's person; any other face (a bystander
 * in a portrait, a false detection) is a stranger of its own, `bystander <id>`.
 */
export function labelMosaicFaces<F extends CrowdFace>(faces: readonly F[], tiles: readonly MosaicTile[]): (F & { person: string })[] {
  const tileOf = (b: Box): number => {
    const cx = (b.x1 + b.x2) / 2;
    const cy = (b.y1 + b.y2) / 2;
    return tiles.findIndex((t) => cx >= t.x && cx < t.x + t.w && cy >= t.y && cy < t.y + t.h);
  };
  const width = (f: F): number => f.box.x2 - f.box.x1;
  return faces.map((f) => {
    const tile = tileOf(f.box);
    const sameTile = faces.filter((g) => tile >= 0 && tileOf(g.box) === tile);
    const largest = sameTile.length > 0 ? sameTile.reduce((a, b) => (width(b) > width(a) ? b : a)) : null;
    return { ...f, person: largest === f ? tiles[tile]!.person : `bystander ${f.id}` };
  });
}

export interface WidthBand {
  readonly name: string;
  pairs: number;
  passing: number;
  highest: number;
}

/** Bands of the smaller face's box width, [edge_k, edge_k+1). */
export function widthBands(edges: readonly number[]): WidthBand[] {
  return edges.slice(0, -1).map((e, k) => ({
    name: edges[k + 1] === Infinity ? `≥ ${e} px` : `${e}–${edges[k + 1]} px`,
    pairs: 0,
    passing: 0,
    highest: -1,
  }));
}

/** Adds every within-photo pair of different people to the band of its smaller face's width. */
export function countStrangerPairs(
  faces: readonly (CrowdFace & { person: string })[],
  threshold: number,
  edges: readonly number[],
  bands: WidthBand[],
): void {
  for (let i = 0; i < faces.length; i++) {
    for (let j = i + 1; j < faces.length; j++) {
      const [a, b] = [faces[i]!, faces[j]!];
      if (a.person === b.person) continue;
      const s = cosineSimilarity(a.embedding, b.embedding);
      const smaller = Math.min(a.box.x2 - a.box.x1, b.box.x2 - b.box.x1);
      const k = edges.findIndex((edge, n) => smaller >= edge && smaller < edges[n + 1]!);
      const band = bands[k];
      if (!band) continue;
      band.pairs++;
      if (s >= threshold) band.passing++;
      band.highest = Math.max(band.highest, s);
    }
  }
}
