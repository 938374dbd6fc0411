/**
 * A queue that works through items one at a time, in the order they were added, until it runs dry or
 * its signal aborts. The Identify batch and the celebrity import run on it: the worker's models run one
 * call at a time anyway, and one at a time lets Cancel stop between items. Plain TypeScript, no React.
 */

export interface QueueProgress<T> {
  /** Items finished so far. */
  readonly done: number;
  /** Items added so far: finished, under way and waiting. */
  readonly total: number;
  /** The item under way; null between items. */
  readonly current: T | null;
}

export interface QueueResult {
  /** 'cancelled' when the signal aborted with items still waiting (dropped, never started). */
  readonly status: 'done' | 'cancelled';
  readonly done: number;
  /** Items dropped by the abort. */
  readonly left: number;
}

export interface WorkQueueOptions<T> {
  /**
   * Aborting stops the queue before its next item. The item under way is not interrupted by the queue:
   * `work` receives the signal and decides whether to give up early or finish.
   */
  readonly signal: AbortSignal;
  /** Called when an item starts, when it finishes, and when items are added. */
  readonly onProgress?: (progress: QueueProgress<T>) => void;
}

export interface WorkQueue<T> {
  /** Queues more items behind those waiting; false once the queue has finished (start a new one). */
  add(items: readonly T[]): boolean;
  /** Settles when the queue runs dry or stops after an abort; rejects, dropping the rest, when `work` throws. */
  readonly finished: Promise<QueueResult>;
}

/** Starts on the next microtask, so the caller holds the queue before its first item begins. */
export function startWorkQueue<T>(
  items: readonly T[],
  work: (item: T, signal: AbortSignal) => Promise<void>,
  options: WorkQueueOptions<T>,
): WorkQueue<T> {
  const { signal, onProgress } = options;
  const waiting: T[] = [...items];
  let total = waiting.length;
  let done = 0;
  let current: { readonly item: T } | null = null;
  let open = true;
  const report = (): void => onProgress?.({ done, total, current: current ? current.item : null });

  const run = async (): Promise<QueueResult> => {
    try {
      while (waiting.length > 0 && !signal.aborted) {
        current = { item: waiting.shift() as T };
        report();
        await work(current.item, signal);
        done++;
        current = null;
        report();
      }
      const left = waiting.length;
      return { status: left > 0 ? 'cancelled' : 'done', done, left };
    } finally {
      open = false;
      current = null;
      waiting.length = 0;
    }
  };

  const add = (more: readonly T[]): boolean => {
    if (!open) return false;
    waiting.push(...more);
    total += more.length;
    report();
    return true;
  };

  return { add, finished: Promise.resolve().then(run) };
}

/**
 * Settles as `call` does, or rejects with the signal's reason as soon as it aborts: for a call that
 * cannot itself be stopped (a worker call), whose result is then simply not waited for.
 */
export function untilAborted<T>(call: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  // The listener goes when the call settles: one signal serves a whole batch of calls.
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([call, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}
