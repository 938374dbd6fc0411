/**
 * Which video frames live identification embeds, and which match each face shows. Embedding is the
 * costliest stage; a face that stays in place between frames is the same person, so frames in between
 * only detect (the overlay still moves every frame) and reuse the match of the face they follow. A new
 * face, one not identified yet (it was turned away) or one identified more than REIDENTIFY_MS ago is
 * embedded on the next frame.
 */
import type { Box } from '../pipeline/detect.ts';
import { followBoxes } from './track.ts';

/** How long a followed face keeps its identity before it is embedded again. */
export const REIDENTIFY_MS = 500;

/** What the policy reads of an analysed face; `match` is whatever the search returned (null: none). */
export interface LiveFace<M> {
  readonly box: Box;
  readonly poseCheck: { readonly passed: boolean };
  readonly match: M | null;
}

/** A face identified on an earlier frame, followed from frame to frame by its box. */
interface TrackedFace<M> {
  readonly box: Box;
  readonly match: M | null;
  readonly identifiedAt: number;
}

/** One camera session's state: deterministic, the time of each frame is passed in (milliseconds). */
export class LiveIdentity<M> {
  #tracked: readonly TrackedFace<M>[] = [];
  #embedNext = true;
  #embedAsked = true;
  /** Embedding frames sent whose result has not come back (the page keeps up to two frames in flight). */
  #embedsInFlight = 0;

  /**
   * Whether the frame about to be sent should be embedded (and searched). Call once per frame sent.
   * Frames may be sent before earlier results are back: once an embedding frame is on its way, the
   * next ones only detect until its result (or a later one) asks for another.
   */
  nextFrameEmbeds(): boolean {
    const embed = this.#embedNext;
    this.#embedAsked = embed;
    if (embed) {
      this.#embedsInFlight++;
      this.#embedNext = false;
    }
    return embed;
  }

  /** Identify everyone again on the next frame sent (new settings, a new engine). */
  reidentify(): void {
    this.#embedNext = true;
  }

  /**
   * The faces of an analysed frame (results in the order the frames were sent), each with the match to
   * show: its own when the frame was embedded, else the match of the face it follows (none for a new
   * face or one failing the pose check). `embedded`: whether that frame was sent to be embedded
   * (by default what nextFrameEmbeds said last, right when one frame at a time is in flight).
   */
  frame<F extends LiveFace<M>>(faces: readonly F[], now: number, embedded: boolean = this.#embedAsked): F[] {
    if (embedded) {
      this.#embedsInFlight = Math.max(0, this.#embedsInFlight - 1);
      this.#tracked = faces.map((f) => ({ box: f.box, match: f.match, identifiedAt: now }));
      return [...faces];
    }
    const previous = this.#tracked;
    const follows = followBoxes(
      previous.map((t) => t.box),
      faces.map((f) => f.box),
    );
    const shown = faces.map((f, i) => ({ ...f, match: f.poseCheck.passed ? (previous[follows[i]!]?.match ?? null) : null }));
    this.#tracked = faces.map((f, i) => {
      const from = previous[follows[i]!];
      return { box: f.box, match: from?.match ?? null, identifiedAt: from?.identifiedAt ?? Number.NEGATIVE_INFINITY };
    });
    const wanted = shown.some(
      (f, i) => f.poseCheck.passed && (follows[i] === -1 || f.match === null || now - this.#tracked[i]!.identifiedAt > REIDENTIFY_MS),
    );
    // An embedding frame already on its way answers for these faces; reidentify() may have asked too.
    this.#embedNext = this.#embedNext || (wanted && this.#embedsInFlight === 0);
    return shown;
  }
}
