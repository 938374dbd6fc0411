/**
 * A tiny WebAssembly binary encoder: just enough of the format (spec §5, "Binary Format") to write
 * the search kernels of searchKernel.ts as readable TypeScript instead of committing an opaque
 * binary. A module here has one imported memory, a list of functions with i32 parameters and i32
 * locals, each exported by name. WebAssembly.validate checks what it produces.
 */

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];
const vec = (items: readonly number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

/** Instruction encoders (opcodes from the spec's instruction index; SIMD ones behind the 0xfd prefix). */
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (v: number) => [0x41, ...sleb(v)],
  /** i32.load with alignment 2^2 and a constant offset. */
  i32Load: (offset = 0) => [0x28, 2, ...uleb(offset)],
  i32Store: (offset = 0) => [0x36, 2, ...uleb(offset)],
  f32Store: (offset = 0) => [0x38, 2, ...uleb(offset)],
  i32Eqz: [0x45],
  i32LtU: [0x49],
  i32GeU: [0x4f],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  f32Add: [0x92],
  f32Mul: [0x94],
  f32Div: [0x95],
  f32Max: [0x97],
  f32Eq: [0x5b],
  f32Const: (v: number) => [0x43, ...new Uint8Array(Float32Array.of(v).buffer)],
  /** select: the first operand if the i32 condition is non-zero, else the second. */
  select: [0x1b],
  /** v128.load with alignment 2^4 and a constant offset. */
  v128Load: (offset = 0) => [0xfd, ...uleb(0x00), 4, ...uleb(offset)],
  /** v128.store with alignment 2^4 and a constant offset. */
  v128Store: (offset = 0) => [0xfd, ...uleb(0x0b), 4, ...uleb(offset)],
  v128Const0: [0xfd, ...uleb(0x0c), ...new Array<number>(16).fill(0)],
  f32x4Splat: [0xfd, ...uleb(0x13)],
  i8x16NarrowI16x8S: [0xfd, ...uleb(0x65)],
  f32x4Nearest: [0xfd, ...uleb(0x6a)],
  i16x8NarrowI32x4S: [0xfd, ...uleb(0x85)],
  f32x4Abs: [0xfd, ...uleb(0xe0)],
  f32x4Sub: [0xfd, ...uleb(0xe5)],
  f32x4Max: [0xfd, ...uleb(0xe9)],
  i32x4TruncSatF32x4S: [0xfd, ...uleb(0xf8)],
  f32x4ConvertI32x4S: [0xfd, ...uleb(0xfa)],
  i32x4ExtractLane: (lane: number) => [0xfd, ...uleb(0x1b), lane],
  f32x4ExtractLane: (lane: number) => [0xfd, ...uleb(0x1f), lane],
  i32x4ExtaddPairwiseI16x8S: [0xfd, ...uleb(0x7e)],
  i16x8ExtendLowI8x16S: [0xfd, ...uleb(0x87)],
  i16x8ExtendHighI8x16S: [0xfd, ...uleb(0x88)],
  i16x8Add: [0xfd, ...uleb(0x8e)],
  i16x8ExtmulLowI8x16S: [0xfd, ...uleb(0x9c)],
  i16x8ExtmulHighI8x16S: [0xfd, ...uleb(0x9d)],
  i32x4Add: [0xfd, ...uleb(0xae)],
  i32x4DotI16x8S: [0xfd, ...uleb(0xba)],
  /** Relaxed SIMD: a (int8) · b (0..127) summed in fours, plus c. */
  i32x4RelaxedDotI8x16I7x16AddS: [0xfd, ...uleb(0x113)],
  f32x4Add: [0xfd, ...uleb(0xe4)],
  f32x4Mul: [0xfd, ...uleb(0xe6)],
} as const;

export const LOCAL_I32 = I32;
export const LOCAL_F32 = F32;
export const LOCAL_V128 = V128;

export interface WasmFunction {
  readonly name: string;
  /** Number of i32 parameters; the function returns nothing. */
  readonly params: number;
  /** Extra locals after the parameters, in order. */
  readonly locals: readonly (typeof I32 | typeof F32 | typeof V128)[];
  readonly body: readonly number[];
}

/** A module importing `env.memory` (at least `minPages` of 64 KiB) and exporting `functions`. */
export function encodeModule(functions: readonly WasmFunction[], minPages = 1): Uint8Array<ArrayBuffer> {
  const signatures = [...new Set(functions.map((f) => f.params))];
  const types = section(1, vec(signatures.map((n) => [0x60, ...vec(new Array<number[]>(n).fill([I32])), ...uleb(0)])));
  const imports = section(2, vec([[...uleb(3), ...utf8('env'), ...uleb(6), ...utf8('memory'), 0x02, 0x00, ...uleb(minPages)]]));
  const funcs = section(3, vec(functions.map((f) => uleb(signatures.indexOf(f.params)))));
  const exports = section(7, vec(functions.map((f, i) => [...uleb(f.name.length), ...utf8(f.name), 0x00, ...uleb(i)])));
  const code = section(
    10,
    vec(
      functions.map((f) => {
        // Locals as runs of one type: (count, type).
        const runs: number[][] = [];
        for (const t of f.locals) {
          const last = runs.at(-1);
          if (last && last[1] === t) last[0]!++;
          else runs.push([1, t]);
        }
        const body = [...vec(runs.map(([n, t]) => [...uleb(n!), t!])), ...f.body, ...op.end];
        return [...uleb(body.length), ...body];
      }),
    ),
  );
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...funcs, ...exports, ...code]);
}
