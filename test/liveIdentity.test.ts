/**
 * Live identification's policy (src/core/live/liveIdentity.ts): which frames are embedded, and which match
 * each face shows on the frames in between. Matches here are names; time is passed in milliseconds.
 */
import { describe, expect, it } from 'vitest';
import type { Box } from '../src/core/pipeline/detect.ts';
import { LiveIdentity, REIDENTIFY_MS } from '../src/core/live/liveIdentity.ts';

interface Face {
  readonly box: Box;
  readonly poseCheck: { readonly passed: boolean };
  readonly match: string | null;
  /** Carried through untouched: the policy keeps every other field of the face. */
  readonly score: number;
}

const box = (x: number): Box => ({ x1: x, y1: 0, x2: x + 100, y2: 100 });
/** A face as the worker returns it: with a match only on a frame that was embedded. */
const face = (x: number, match: string | null = null, passed = true): Face => ({ box: box(x), poseCheck: { passed }, match, score: 0.9 });
const names = (faces: readonly Face[]): (string | null)[] => faces.map((f) => f.match);

/** Sends one frame: asks whether it is embedded, then hands back the faces the worker found. */
function send(live: LiveIdentity<string>, now: number, found: (embedded: boolean) => Face[]): { embedded: boolean; shown: Face[] } {
  const embedded = live.nextFrameEmbeds();
  return { embedded, shown: live.frame(found(embedded), now) };
}

describe('live identification', () => {
  it('embeds the first frame and shows its matches as they are', () => {
    const live = new LiveIdentity<string>();
    const { embedded, shown } = send(live, 0, () => [face(0, 'Ada'), face(300, null)]);
    expect(embedded).toBe(true);
    expect(names(shown)).toEqual(['Ada', null]);
  });

  it('reuses the match of a followed face without embedding', () => {
    const live = new LiveIdentity<string>();
    send(live, 0, () => [face(0, 'Ada'), face(300, 'Grace')]);
    // Both moved a little, and the detector lists them the other way round.
    const next = send(live, 40, (embedded) => (embedded ? [] : [face(305), face(4)]));
    expect(next.embedded).toBe(false);
    expect(names(next.shown)).toEqual(['Grace', 'Ada']);
    expect(next.shown[0]?.score).toBe(0.9);
    // Nothing new and nothing due: the frame after is not embedded either.
    expect(live.nextFrameEmbeds()).toBe(false);
  });

  it('embeds the next frame when a new face appears, and shows it unidentified meanwhile', () => {
    const live = new LiveIdentity<string>();
    send(live, 0, () => [face(0, 'Ada')]);
    const arrival = send(live, 40, () => [face(2), face(500)]);
    expect(names(arrival.shown)).toEqual(['Ada', null]);
    const next = send(live, 80, (embedded) => (embedded ? [face(3, 'Ada'), face(502, 'Grace')] : []));
    expect(next.embedded).toBe(true);
    expect(names(next.shown)).toEqual(['Ada', 'Grace']);
  });

  it('embeds again once a followed face was identified more than REIDENTIFY_MS ago', () => {
    const live = new LiveIdentity<string>();
    send(live, 1000, () => [face(0, 'Ada')]);
    expect(send(live, 1000 + REIDENTIFY_MS, () => [face(1)]).shown[0]?.match).toBe('Ada');
    expect(live.nextFrameEmbeds()).toBe(false);
    live.frame([face(2)], 1000 + REIDENTIFY_MS + 1);
    // The identity's age counts from the embedded frame, not from the frames that followed it.
    expect(live.nextFrameEmbeds()).toBe(true);
  });

  it('embeds again while a followed face is still unidentified', () => {
    const live = new LiveIdentity<string>();
    send(live, 0, () => [face(0, null)]);
    expect(send(live, 40, () => [face(1)]).embedded).toBe(false);
    expect(live.nextFrameEmbeds()).toBe(true);
  });

  it('shows no label on a face that fails the pose check, and does not embed for it', () => {
    const live = new LiveIdentity<string>();
    send(live, 0, () => [face(0, 'Ada')]);
    // Ada turns away: still followed, but not labelled while turned.
    const turned = send(live, 40, () => [face(1, null, false)]);
    expect(names(turned.shown)).toEqual([null]);
    expect(live.nextFrameEmbeds()).toBe(false);
    // A new face that fails the pose check does not make the next frame embedded either.
    live.frame([face(1, null, false), face(400, null, false)], 80);
    expect(live.nextFrameEmbeds()).toBe(false);
    // Facing the camera again within REIDENTIFY_MS: the followed identity comes back.
    expect(names(live.frame([face(2)], 120))).toEqual(['Ada']);
  });

  it('identifies everyone again on the next frame after reidentify()', () => {
    const live = new LiveIdentity<string>();
    send(live, 0, () => [face(0, 'Ada')]);
    send(live, 40, () => [face(1)]);
    live.reidentify();
    const next = send(live, 80, (embedded) => (embedded ? [face(2, 'Grace')] : []));
    expect(next.embedded).toBe(true);
    expect(names(next.shown)).toEqual(['Grace']);
  });

  it('with two frames in flight, embeds once for a new face and shows its name from that frame on', () => {
    const live = new LiveIdentity<string>();
    // Frames 1 and 2 leave before frame 1's result is back: only frame 1 is embedded.
    const first = live.nextFrameEmbeds();
    const second = live.nextFrameEmbeds();
    expect([first, second]).toEqual([true, false]);
    expect(names(live.frame([face(0, 'Ada')], 0, first))).toEqual(['Ada']);
    // Frame 3 leaves before frame 2's result: nothing new is due.
    const third = live.nextFrameEmbeds();
    expect(third).toBe(false);
    expect(names(live.frame([face(3)], 40, second))).toEqual(['Ada']);

    // A newcomer appears on frame 3; frame 4 has already left without an embedding.
    const fourth = live.nextFrameEmbeds();
    expect(names(live.frame([face(5), face(400)], 80, third))).toEqual(['Ada', null]);
    // Frame 5 is embedded for the newcomer, and no frame after it until its result is back.
    const fifth = live.nextFrameEmbeds();
    const sixth = live.nextFrameEmbeds();
    expect([fourth, fifth, sixth]).toEqual([false, true, false]);
    expect(names(live.frame([face(6), face(402)], 120, fourth))).toEqual(['Ada', null]);
    expect(live.nextFrameEmbeds()).toBe(false); // frame 5's embedding is on its way
    expect(names(live.frame([face(7, 'Ada'), face(404, 'Grace')], 160, fifth))).toEqual(['Ada', 'Grace']);
    expect(names(live.frame([face(8), face(405)], 200, sixth))).toEqual(['Ada', 'Grace']);
  });
});
