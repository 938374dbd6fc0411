/**
 * The few globals the pure core may use: each exists, with the same meaning, in browsers, workers and
 * Node ≥ 20. src/core/tsconfig.json leaves out the DOM and Node libraries, so anything not declared
 * here (document, fetch, Buffer, node:fs…) fails the type check. Declared only as far as the core uses them.
 */
declare global {
  /** Stage timings. */
  const performance: { now(): number };
  /** Ids of gallery records. */
  const crypto: { randomUUID(): string };
  /** Base64 of embeddings and thumbnails in the gallery file. */
  function btoa(data: string): string;
  function atob(data: string): string;

  /** The search kernels' module, instance and linear memory. */
  namespace WebAssembly {
    class Module {
      constructor(bytes: Uint8Array<ArrayBuffer>);
    }
    class Memory {
      constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
      readonly buffer: ArrayBuffer;
    }
    class Instance {
      constructor(module: Module, imports?: Record<string, Record<string, Memory | number>>);
      readonly exports: Record<string, unknown>;
    }
    function validate(bytes: Uint8Array<ArrayBuffer>): boolean;
  }
}

export {};
