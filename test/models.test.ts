import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS_DIR, readVerifiedModel } from '../src/cli/models.ts';
import { MODEL_LIST, MODELS } from '../src/models.ts';
import { createRunner } from '../src/runtime/session.ts';

describe('pinned models', () => {
  it('are installed in public/models with the manifest’s SHA-256 and size', () => {
    for (const entry of MODEL_LIST) {
      const bytes = readVerifiedModel(entry);
      expect(bytes.length, entry.file).toBe(entry.size);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
    }
  });

  it('refuse a missing or altered file, naming it and the command that fixes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faceprint-models-'));
    expect(() => readVerifiedModel(MODELS.pose, dir)).toThrow(/fr_pose-batch\.onnx is missing .*`npm run models`/);
    copyFileSync(join(MODELS_DIR, MODELS.pose.file), join(dir, MODELS.pose.file));
    const bytes = readFileSync(join(dir, MODELS.pose.file));
    bytes[bytes.length - 1]! ^= 0xff;
    writeFileSync(join(dir, MODELS.pose.file), bytes);
    expect(() => readVerifiedModel(MODELS.pose, dir)).toThrow(/fr_pose-batch\.onnx is altered .*`npm run models`/);
  });

  it('the derived detector runs at any input size (symbolic height and width)', async () => {
    const runner = await createRunner(readVerifiedModel(MODELS.detector), 'wasm', 2);
    for (const [h, w] of [
      [256, 320],
      [640, 640],
      [736, 1024],
    ] as const) {
      const out = await runner.run({ data: { data: new Float32Array(3 * h * w).fill(100), dims: [1, 3, h, w] } });
      expect(out.face_rpn_cls_prob_reshape_stride8!.dims).toEqual([1, 4, h / 8, w / 8]);
      expect(out.face_rpn_landmark_pred_stride32!.dims).toEqual([1, 20, h / 32, w / 32]);
    }
  });
});
