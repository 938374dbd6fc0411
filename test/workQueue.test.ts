/** The app's cancellable work queue (src/app/workQueue.ts), driven step by step with promises the test settles. */
import { describe, expect, it, vi } from 'vitest';
import { startWorkQueue, untilAborted, type QueueProgress } from '../src/app/workQueue.ts';

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A work function whose every call waits for the test to finish it; records starts and concurrency. */
function controlledWork() {
  const started: string[] = [];
  const pending = new Map<string, Deferred>();
  const signals: AbortSignal[] = [];
  let running = 0;
  let maxRunning = 0;
  const work = async (item: string, signal: AbortSignal): Promise<void> => {
    started.push(item);
    signals.push(signal);
    running++;
    maxRunning = Math.max(maxRunning, running);
    const d = deferred();
    pending.set(item, d);
    try {
      await d.promise;
    } finally {
      running--;
    }
  };
  const finish = async (item: string): Promise<void> => {
    pending.get(item)?.resolve();
    await settle();
  };
  return { work, started, finish, pending, signals, maxRunning: () => maxRunning };
}

describe('startWorkQueue', () => {
  it('works through the items one at a time, in order, and reports each step', async () => {
    const w = controlledWork();
    const progress: QueueProgress<string>[] = [];
    const queue = startWorkQueue(['a', 'b', 'c'], w.work, { signal: new AbortController().signal, onProgress: (p) => progress.push(p) });
    expect(w.started).toEqual([]); // starts on the next microtask: the caller holds the queue first
    await settle();
    expect(w.started).toEqual(['a']);
    await w.finish('a');
    expect(w.started).toEqual(['a', 'b']);
    await w.finish('b');
    await w.finish('c');
    await expect(queue.finished).resolves.toEqual({ status: 'done', done: 3, left: 0 });
    expect(w.started).toEqual(['a', 'b', 'c']);
    expect(w.maxRunning()).toBe(1);
    expect(progress).toEqual([
      { done: 0, total: 3, current: 'a' },
      { done: 1, total: 3, current: null },
      { done: 1, total: 3, current: 'b' },
      { done: 2, total: 3, current: null },
      { done: 2, total: 3, current: 'c' },
      { done: 3, total: 3, current: null },
    ]);
  });

  it('takes items added while it runs, after those waiting, and refuses them once finished', async () => {
    const w = controlledWork();
    const totals: number[] = [];
    const queue = startWorkQueue(['a'], w.work, { signal: new AbortController().signal, onProgress: (p) => totals.push(p.total) });
    await settle();
    expect(queue.add(['b', 'c'])).toBe(true);
    expect(totals.at(-1)).toBe(3);
    await w.finish('a');
    await w.finish('b');
    await w.finish('c');
    await expect(queue.finished).resolves.toEqual({ status: 'done', done: 3, left: 0 });
    expect(w.started).toEqual(['a', 'b', 'c']);
    expect(queue.add(['d'])).toBe(false);
    await settle();
    expect(w.started).toEqual(['a', 'b', 'c']);
  });

  it('stops after the item under way when aborted, drops the rest and reports cancelled', async () => {
    const w = controlledWork();
    const controller = new AbortController();
    const queue = startWorkQueue(['a', 'b', 'c', 'd'], w.work, { signal: controller.signal });
    await settle();
    await w.finish('a');
    expect(w.started).toEqual(['a', 'b']);
    controller.abort();
    // The item under way sees the abort and may give up; here it finishes, and counts as done.
    expect(w.signals.at(-1)?.aborted).toBe(true);
    await w.finish('b');
    await expect(queue.finished).resolves.toEqual({ status: 'cancelled', done: 2, left: 2 });
    expect(w.started).toEqual(['a', 'b']);
    expect(queue.add(['e'])).toBe(false);
  });

  it('reports done when aborted during its last item: nothing was left undone', async () => {
    const w = controlledWork();
    const controller = new AbortController();
    const queue = startWorkQueue(['a'], w.work, { signal: controller.signal });
    await settle();
    controller.abort();
    await w.finish('a');
    await expect(queue.finished).resolves.toEqual({ status: 'done', done: 1, left: 0 });
  });

  it('starts nothing when aborted before it begins', async () => {
    const w = controlledWork();
    const controller = new AbortController();
    const queue = startWorkQueue(['a', 'b'], w.work, { signal: controller.signal });
    controller.abort();
    await expect(queue.finished).resolves.toEqual({ status: 'cancelled', done: 0, left: 2 });
    expect(w.started).toEqual([]);
  });

  it('rejects with the error of an item that throws, and starts no further item', async () => {
    const w = controlledWork();
    const queue = startWorkQueue(['a', 'b'], w.work, { signal: new AbortController().signal });
    await settle();
    w.pending.get('a')?.reject(new Error('the worker stopped'));
    await expect(queue.finished).rejects.toThrow('the worker stopped');
    await settle();
    expect(w.started).toEqual(['a']);
    expect(queue.add(['c'])).toBe(false);
  });

  it('finishes at once with nothing to do', async () => {
    const queue = startWorkQueue<string>([], () => Promise.reject(new Error('never called')), { signal: new AbortController().signal });
    await expect(queue.finished).resolves.toEqual({ status: 'done', done: 0, left: 0 });
  });
});

describe('untilAborted', () => {
  it('settles as the call does while the signal holds', async () => {
    await expect(untilAborted(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error('bad file')), new AbortController().signal)).rejects.toThrow('bad file');
  });

  it('rejects with the abort reason without waiting for the call', async () => {
    const controller = new AbortController();
    const never = new Promise<number>(() => undefined);
    const waiting = untilAborted(never, controller.signal);
    const reason = new Error('cancelled');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(untilAborted(never, controller.signal)).rejects.toBe(reason);
  });

  it('lets go of the signal once each call settles, so one signal can serve a whole batch', async () => {
    const controller = new AbortController();
    const added = vi.spyOn(controller.signal, 'addEventListener');
    const removed = vi.spyOn(controller.signal, 'removeEventListener');
    await Promise.all(Array.from({ length: 50 }, (_, i) => untilAborted(Promise.resolve(i), controller.signal)));
    await expect(untilAborted(Promise.reject(new Error('failed')), controller.signal)).rejects.toThrow('failed');
    expect(added).toHaveBeenCalledTimes(51);
    expect(removed).toHaveBeenCalledTimes(51);
    expect(removed.mock.calls.map((c) => c[1])).toEqual(added.mock.calls.map((c) => c[1]));
  });
});
