/**
 * The pose model is left out of start-up (runtime/session.ts): its bytes are asked for only when a
 * face needs it, once, and a failed download is tried again at the next face that needs it.
 */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../src/models.ts';
import { readVerifiedModel } from '../src/cli/models.ts';
import { analyze } from '../src/core/pipeline/pipeline.ts';
import { DEFAULT_POSE_LIMITS } from '../src/core/pipeline/pose.ts';
import { createFaceModels } from '../src/runtime/session.ts';
import { HAVE_FIXTURES } from '../testkit/fixtures.ts';
import { load } from './support.ts';

describe.skipIf(!HAVE_FIXTURES)('the pose model on demand', () => {
  it('is fetched only for a face near the pose limits, once, and again after a failed download', async () => {
    const asked: string[] = [];
    let failNext = true;
    const loaded = await createFaceModels(
      {
        detector: readVerifiedModel(MODELS.detector),
        embedder: readVerifiedModel(MODELS.embedder),
        pose: () => {
          asked.push(failNext ? 'failed' : 'served');
          if (failNext) {
            failNext = false;
            return Promise.reject(new Error('could not download fr_pose.onnx: offline'));
          }
          return readVerifiedModel(MODELS.pose);
        },
      },
      { backend: 'wasm', threads: 1 },
    );
    expect(asked).toEqual([]); // start-up did not wait for it

    // A frontal portrait at the default limits: its landmark pose decides, no pose model.
    const frontal = await load('people', 'obama', 'obama1.jpg');
    const [face] = await analyze(loaded.models, frontal, { poseModel: 'near-limits', embed: false });
    expect(face!.poseSource).toBe('landmarks');
    expect(asked).toEqual([]);

    // Limits so strict that every face is near one: the model is needed. Its download fails first,
    // and the analysis says so; the next face that needs it downloads it again and gets a reading.
    const strict = { poseModel: 'near-limits' as const, embed: false, poseLimits: { ...DEFAULT_POSE_LIMITS, maxYaw: 5 } };
    await expect(analyze(loaded.models, frontal, strict)).rejects.toThrow('could not download fr_pose.onnx');
    const [near] = await analyze(loaded.models, frontal, strict);
    expect(near!.poseSource).toBe('model');
    expect(asked).toEqual(['failed', 'served']);

    // Made once, then kept.
    await analyze(loaded.models, frontal, strict);
    await loaded.loadDeferred();
    expect(asked).toEqual(['failed', 'served']);
  });
});
