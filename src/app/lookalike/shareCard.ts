/**
 * The shareable lookalike card: a 1200×630 PNG (the size link previews use) with your face, the top
 * match's face, their name, the similarity and the Faceprint branding, drawn on a canvas here on the
 * main thread (drawing only: no model runs).
 */
import { percent } from '../format.ts';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

export interface ShareCardInput {
  /** Your aligned face (112×112 JPEG). */
  readonly yourFace: Blob | null;
  readonly matchFace: Blob | null;
  readonly matchName: string;
  readonly similarity: number;
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', sans-serif";
const FACE_SIZE = 300;
const FACE_TOP = 150;
const LEFT_FACE_X = 130;
const RIGHT_FACE_X = CARD_WIDTH - 130 - FACE_SIZE;

async function bitmapOf(blob: Blob | null): Promise<ImageBitmap | null> {
  if (!blob) return null;
  try {
    return await createImageBitmap(blob);
  } catch {
    return null;
  }
}

function roundedRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
}

/** Text shortened with an ellipsis to fit `maxWidth`. */
function fitted(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > maxWidth) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

function drawFace(ctx: CanvasRenderingContext2D, face: ImageBitmap | null, x: number, caption: string): void {
  ctx.save();
  ctx.shadowColor = 'rgb(0 0 0 / 35%)';
  ctx.shadowBlur = 30;
  ctx.shadowOffsetY = 10;
  ctx.fillStyle = '#ffffff';
  roundedRect(ctx, x - 8, FACE_TOP - 8, FACE_SIZE + 16, FACE_SIZE + 16, 36);
  ctx.fill();
  ctx.restore();

  ctx.save();
  roundedRect(ctx, x, FACE_TOP, FACE_SIZE, FACE_SIZE, 30);
  ctx.clip();
  if (face) {
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(face, x, FACE_TOP, FACE_SIZE, FACE_SIZE);
  } else {
    ctx.fillStyle = '#dde1e8';
    ctx.fillRect(x, FACE_TOP, FACE_SIZE, FACE_SIZE);
    ctx.fillStyle = '#8a8f9c';
    ctx.font = `700 140px ${FONT}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('?', x + FACE_SIZE / 2, FACE_TOP + FACE_SIZE / 2);
  }
  ctx.restore();

  ctx.fillStyle = '#ffffff';
  ctx.font = `700 40px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(fitted(ctx, caption, FACE_SIZE + 120), x + FACE_SIZE / 2, FACE_TOP + FACE_SIZE + 66);
}

function drawBrand(ctx: CanvasRenderingContext2D): void {
  // The app's mark: a blue disc with two eyes.
  const cx = 92;
  const cy = 74;
  ctx.fillStyle = '#ffffff';
  ctx.beginPath();
  ctx.arc(cx, cy, 24, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#3552d9';
  for (const dx of [-8, 8]) {
    ctx.beginPath();
    ctx.arc(cx + dx, cy - 3, 4.5, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.fillStyle = '#ffffff';
  ctx.font = `800 38px ${FONT}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText('Faceprint lookalike', cx + 42, cy + 1);
}

function drawScore(ctx: CanvasRenderingContext2D, similarity: number): void {
  const cx = CARD_WIDTH / 2;
  const cy = FACE_TOP + FACE_SIZE / 2;
  ctx.save();
  ctx.shadowColor = 'rgb(0 0 0 / 30%)';
  ctx.shadowBlur = 24;
  ctx.fillStyle = '#ffffff';
  ctx.beginPath();
  ctx.arc(cx, cy, 96, 0, Math.PI * 2);
  ctx.fill();
  ctx.restore();
  ctx.fillStyle = '#3552d9';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.font = `800 64px ${FONT}`;
  ctx.fillText(percent(similarity), cx, cy + 14);
  ctx.fillStyle = '#5b6170';
  ctx.font = `600 24px ${FONT}`;
  ctx.fillText('alike', cx, cy + 50);
}

/** Draws the card and returns it as a PNG. */
export async function renderShareCard(input: ShareCardInput): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = CARD_WIDTH;
  canvas.height = CARD_HEIGHT;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw images');

  const gradient = ctx.createLinearGradient(0, 0, CARD_WIDTH, CARD_HEIGHT);
  gradient.addColorStop(0, '#3552d9');
  gradient.addColorStop(1, '#7b3fd1');
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, CARD_WIDTH, CARD_HEIGHT);
  // Two soft circles, so the background is not a flat gradient.
  ctx.fillStyle = 'rgb(255 255 255 / 6%)';
  ctx.beginPath();
  ctx.arc(CARD_WIDTH - 80, 40, 260, 0, Math.PI * 2);
  ctx.fill();
  ctx.beginPath();
  ctx.arc(60, CARD_HEIGHT + 40, 220, 0, Math.PI * 2);
  ctx.fill();

  drawBrand(ctx);
  const [you, match] = await Promise.all([bitmapOf(input.yourFace), bitmapOf(input.matchFace)]);
  try {
    drawFace(ctx, you, LEFT_FACE_X, 'You');
    drawFace(ctx, match, RIGHT_FACE_X, input.matchName);
  } finally {
    you?.close();
    match?.close();
  }
  drawScore(ctx, input.similarity);

  ctx.fillStyle = 'rgb(255 255 255 / 75%)';
  ctx.font = `500 22px ${FONT}`;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText('Made on-device with Faceprint: no photo left the browser', CARD_WIDTH - 48, CARD_HEIGHT - 32);

  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the card could not be saved as a PNG'))), 'image/png'),
  );
}

/** "faceprint-lookalike-kit-harington.png" */
export function shareCardFileName(matchName: string): string {
  const slug = matchName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `faceprint-lookalike${slug ? `-${slug}` : ''}.png`;
}
