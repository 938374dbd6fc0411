/**
 * The gallery's dot-product kernels: every sample as a contiguous float32 row [samples, 512] and, for
 * large galleries, an int8 copy (symmetric, one scale per row) scanned first to find the few rows
 * worth scoring exactly. The kernels are WebAssembly with 128-bit SIMD, assembled here (wasm.ts) and
 * run on one linear memory that holds all the data; without WebAssembly SIMD the same layout is
 * scanned by plain JS loops. Per-person ranking and the re-ranking rule live in match.ts.
 *
 * Memory layout (byte offsets), all in one WebAssembly.Memory (or one ArrayBuffer for the JS path):
 *   PROBE_I8   [512]              int8 probe
 *   PROBE_F32  [512]              float32 probe
 *   PROBE_I16  [512]              int16 probe (the int8 one widened)
 *   index      [rows] int32       row numbers to score exactly (gather list)
 *   gathered   [rows] f32         their exact scores
 *   scores     [rows] int32/f32   every row's score (int8 or exact)
 *   scales     [rows] f32         int8 scale per row
 *   codes      [rows, 512] int8   only when the int8 copy is kept
 *   floats     [rows, 512] f32
 */
import { EMBEDDING_SIZE } from './embed.ts';
import { encodeModule, LOCAL_F32, LOCAL_I32, LOCAL_V128, op, type WasmFunction } from './wasm.ts';

const PROBE_I8 = 0;
const PROBE_F32 = 512;
const PROBE_I16 = 2560;
const HEADER_BYTES = 4096;
const PAGE = 65536;
/** wasm32 addresses 4 GiB. */
const MAX_BYTES = 65536 * PAGE;
const ROW_F32_BYTES = EMBEDDING_SIZE * 4;
/** Largest int8 code: ±127 keeps two int8×int8 products summed within int16 (2 × 127² = 32258). */
const Q_MAX = 127;

/** Rows scored together per pass of the SIMD loops, so each probe chunk is loaded once for all of them. */
const ROWS_PER_PASS = 4;

// ---------------------------------------------------------------------------------------------
// The WebAssembly kernels

/** Locals: params 0..n-1 (i32), then these. */
interface Frame {
  readonly acc: number; // first of ROWS_PER_PASS v128 accumulators
  readonly probeChunk: number; // v128
  readonly rowChunk: number; // v128
}

const chunksI8 = EMBEDDING_SIZE / 16; // 32 chunks of 16 int8
const chunksF32 = EMBEDDING_SIZE / 4; // 128 chunks of 4 float32

/** acc[j] += Σ over one 16-byte chunk of row j × probe, in int32 lanes. Row j starts at rowsPtr + j*512. */
function int8Rows(rowsPtr: number, count: number, f: Frame, out: number): number[] {
  const code: number[] = [];
  for (let j = 0; j < count; j++) code.push(...op.v128Const0, ...op.localSet(f.acc + j));
  for (let c = 0; c < chunksI8; c++) {
    for (let half = 0; half < 2; half++) {
      code.push(...op.i32Const(PROBE_I16), ...op.v128Load(c * 32 + half * 16), ...op.localSet(f.probeChunk));
      for (let j = 0; j < count; j++) {
        code.push(
          ...op.localGet(f.acc + j),
          ...op.localGet(rowsPtr),
          ...op.v128Load(j * EMBEDDING_SIZE + c * 16),
          ...(half === 0 ? op.i16x8ExtendLowI8x16S : op.i16x8ExtendHighI8x16S),
          ...op.localGet(f.probeChunk),
          ...op.i32x4DotI16x8S,
          ...op.i32x4Add,
          ...op.localSet(f.acc + j),
        );
      }
    }
  }
  for (let j = 0; j < count; j++) {
    // out[j] = acc lanes summed.
    code.push(...op.localGet(out));
    for (let lane = 0; lane < 4; lane++) {
      code.push(...op.localGet(f.acc + j), ...op.i32x4ExtractLane(lane));
      if (lane > 0) code.push(...op.i32Add);
    }
    code.push(...op.i32Store(j * 4));
  }
  return code;
}

/**
 * acc[j] += row j × probe in float32 lanes, chunk by chunk; then (l0 + l1) + (l2 + l3). Each row's
 * operations are the same whatever `count` is, so every path gives a row the same bits.
 */
function float32Rows(rowPtrs: readonly number[], f: Frame, out: number): number[] {
  const code: number[] = [];
  rowPtrs.forEach((_, j) => code.push(...op.v128Const0, ...op.localSet(f.acc + j)));
  for (let c = 0; c < chunksF32; c++) {
    code.push(...op.i32Const(PROBE_F32), ...op.v128Load(c * 16), ...op.localSet(f.probeChunk));
    rowPtrs.forEach((ptr, j) => {
      const offset = rowPtrs.length > 1 ? j * ROW_F32_BYTES : 0;
      code.push(
        ...op.localGet(f.acc + j),
        ...op.localGet(ptr),
        ...op.v128Load(offset + c * 16),
        ...op.localGet(f.probeChunk),
        ...op.f32x4Mul,
        ...op.f32x4Add,
        ...op.localSet(f.acc + j),
      );
    });
  }
  rowPtrs.forEach((_, j) => {
    const lane = (l: number): number[] => [...op.localGet(f.acc + j), ...op.f32x4ExtractLane(l)];
    code.push(...op.localGet(out), ...lane(0), ...lane(1), ...op.f32Add, ...lane(2), ...lane(3), ...op.f32Add, ...op.f32Add, ...op.f32Store(j * 4));
  });
  return code;
}

/**
 * `while (count >= n) { block(n); rows += n*rowBytes; out += n*4; count -= n }` for n = ROWS_PER_PASS
 * and then n = 1. Params: rows (0), count (1), out (2).
 */
function blockedLoop(block: (n: number) => number[], rowBytes: number): number[] {
  const [rows, count, out] = [0, 1, 2];
  const pass = (n: number): number[] => [
    ...op.block,
    ...op.loop,
    ...op.localGet(count),
    ...op.i32Const(n),
    ...op.i32LtU,
    ...op.brIf(1),
    ...block(n),
    ...op.localGet(rows),
    ...op.i32Const(n * rowBytes),
    ...op.i32Add,
    ...op.localSet(rows),
    ...op.localGet(out),
    ...op.i32Const(n * 4),
    ...op.i32Add,
    ...op.localSet(out),
    ...op.localGet(count),
    ...op.i32Const(n),
    ...op.i32Sub,
    ...op.localSet(count),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
  return [...pass(ROWS_PER_PASS), ...pass(1)];
}

const vectorLocals = (): (typeof LOCAL_V128)[] => new Array<typeof LOCAL_V128>(ROWS_PER_PASS + 2).fill(LOCAL_V128);

/** dotI8(rows, count, out): out[r] = codes[r] · probe (int32), r < count. */
function dotI8(): WasmFunction {
  const f: Frame = { acc: 3, probeChunk: 3 + ROWS_PER_PASS, rowChunk: 4 + ROWS_PER_PASS };
  return { name: 'dotI8', params: 3, locals: vectorLocals(), body: blockedLoop((n) => int8Rows(0, n, f, 2), EMBEDDING_SIZE) };
}

/** dotF32(rows, count, out): out[r] = floats[r] · probe (float32), r < count. */
function dotF32(): WasmFunction {
  const f: Frame = { acc: 3, probeChunk: 3 + ROWS_PER_PASS, rowChunk: 4 + ROWS_PER_PASS };
  // Rows of one pass are addressed from the first with constant offsets (all share local 0).
  return { name: 'dotF32', params: 3, locals: vectorLocals(), body: blockedLoop((n) => float32Rows(new Array<number>(n).fill(0), f, 2), ROW_F32_BYTES) };
}

/** gatherF32(floats, index, count, out): out[i] = floats[index[i]] · probe, i < count. */
function gatherF32(): WasmFunction {
  const [floats, index, count, out, row] = [0, 1, 2, 3, 4];
  const f: Frame = { acc: 5, probeChunk: 5 + ROWS_PER_PASS, rowChunk: 6 + ROWS_PER_PASS };
  const body = [
    ...op.block,
    ...op.loop,
    ...op.localGet(count),
    ...op.i32Eqz,
    ...op.brIf(1),
    // row = floats + index[i] * 2048
    ...op.localGet(floats),
    ...op.localGet(index),
    ...op.i32Load(),
    ...op.i32Const(ROW_F32_BYTES),
    ...op.i32Mul,
    ...op.i32Add,
    ...op.localSet(row),
    ...float32Rows([row], f, out),
    ...op.localGet(index),
    ...op.i32Const(4),
    ...op.i32Add,
    ...op.localSet(index),
    ...op.localGet(out),
    ...op.i32Const(4),
    ...op.i32Add,
    ...op.localSet(out),
    ...op.localGet(count),
    ...op.i32Const(1),
    ...op.i32Sub,
    ...op.localSet(count),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
  return { name: 'gatherF32', params: 4, locals: [LOCAL_I32, ...vectorLocals()], body };
}

/**
 * quantizeRows(floats, codes, scales, norms, residuals, count), per row r < count:
 *   scales[r] = max|x| / 127;  codes[r] = nearest(x / scales[r]) (int8);
 *   norms[r] = ‖x‖²;  residuals[r] = ‖x − scales[r]·codes[r]‖²  (both float32 sums).
 */
function quantizeRows(): WasmFunction {
  const [floats, codes, scales, norms, residuals, count] = [0, 1, 2, 3, 4, 5];
  const [max, scale, inv] = [6, 7, 8]; // f32
  const [maxV, sumV, x, invV, scaleV, resV, q0] = [9, 10, 11, 12, 13, 14, 15]; // v128 (q0..q3: 15..18)
  const hsum = (v: number): number[] => [
    ...op.localGet(v), ...op.f32x4ExtractLane(0), ...op.localGet(v), ...op.f32x4ExtractLane(1), ...op.f32Add,
    ...op.localGet(v), ...op.f32x4ExtractLane(2), ...op.localGet(v), ...op.f32x4ExtractLane(3), ...op.f32Add, ...op.f32Add,
  ];
  const advance = (local: number, by: number): number[] => [...op.localGet(local), ...op.i32Const(by), ...op.i32Add, ...op.localSet(local)];
  const body: number[] = [...op.block, ...op.loop, ...op.localGet(count), ...op.i32Eqz, ...op.brIf(1)];
  body.push(...op.v128Const0, ...op.localSet(maxV), ...op.v128Const0, ...op.localSet(sumV));
  for (let c = 0; c < chunksF32; c++) {
    body.push(...op.localGet(floats), ...op.v128Load(c * 16), ...op.localTee(x));
    body.push(...op.f32x4Abs, ...op.localGet(maxV), ...op.f32x4Max, ...op.localSet(maxV));
    body.push(...op.localGet(sumV), ...op.localGet(x), ...op.localGet(x), ...op.f32x4Mul, ...op.f32x4Add, ...op.localSet(sumV));
  }
  // norms[r] = Σx²; max = max of the four lanes; scale = max / 127; inv = 1 / scale (0 for a zero row).
  body.push(...op.localGet(norms), ...hsum(sumV), ...op.f32Store());
  body.push(...op.localGet(maxV), ...op.f32x4ExtractLane(0), ...op.localGet(maxV), ...op.f32x4ExtractLane(1), ...op.f32Max);
  body.push(...op.localGet(maxV), ...op.f32x4ExtractLane(2), ...op.localGet(maxV), ...op.f32x4ExtractLane(3), ...op.f32Max, ...op.f32Max, ...op.localSet(max));
  body.push(...op.localGet(max), ...op.f32Const(Q_MAX), ...op.f32Div, ...op.localSet(scale));
  body.push(...op.localGet(scales), ...op.localGet(scale), ...op.f32Store());
  body.push(...op.f32Const(0), ...op.f32Const(1), ...op.localGet(scale), ...op.f32Div, ...op.localGet(scale), ...op.f32Const(0), ...op.f32Eq, ...op.select, ...op.localSet(inv));
  body.push(...op.localGet(inv), ...op.f32x4Splat, ...op.localSet(invV), ...op.localGet(scale), ...op.f32x4Splat, ...op.localSet(scaleV));
  body.push(...op.v128Const0, ...op.localSet(resV));
  for (let g = 0; g < EMBEDDING_SIZE / 16; g++) {
    for (let j = 0; j < 4; j++) {
      const offset = g * 64 + j * 16;
      // q = trunc(nearest(x · inv)); e = x − q · scale; res += e².
      body.push(...op.localGet(floats), ...op.v128Load(offset), ...op.localGet(invV), ...op.f32x4Mul, ...op.f32x4Nearest, ...op.i32x4TruncSatF32x4S, ...op.localSet(q0 + j));
      body.push(...op.localGet(floats), ...op.v128Load(offset), ...op.localGet(q0 + j), ...op.f32x4ConvertI32x4S, ...op.localGet(scaleV), ...op.f32x4Mul, ...op.f32x4Sub, ...op.localTee(x));
      body.push(...op.localGet(x), ...op.f32x4Mul, ...op.localGet(resV), ...op.f32x4Add, ...op.localSet(resV));
    }
    body.push(...op.localGet(codes));
    body.push(...op.localGet(q0), ...op.localGet(q0 + 1), ...op.i16x8NarrowI32x4S, ...op.localGet(q0 + 2), ...op.localGet(q0 + 3), ...op.i16x8NarrowI32x4S, ...op.i8x16NarrowI16x8S);
    body.push(...op.v128Store(g * 16));
  }
  body.push(...op.localGet(residuals), ...hsum(resV), ...op.f32Store());
  body.push(...advance(floats, ROW_F32_BYTES), ...advance(codes, EMBEDDING_SIZE), ...advance(scales, 4), ...advance(norms, 4), ...advance(residuals, 4));
  body.push(...op.localGet(count), ...op.i32Const(1), ...op.i32Sub, ...op.localSet(count), ...op.br(0), ...op.end, ...op.end);
  return {
    name: 'quantizeRows',
    params: 6,
    locals: [LOCAL_F32, LOCAL_F32, LOCAL_F32, ...new Array<typeof LOCAL_V128>(10).fill(LOCAL_V128)],
    body,
  };
}

interface WasmKernels {
  quantizeRows(floats: number, codes: number, scales: number, norms: number, residuals: number, count: number): void;
  dotI8(rows: number, count: number, out: number): void;
  dotF32(rows: number, count: number, out: number): void;
  gatherF32(floats: number, index: number, count: number, out: number): void;
}

let moduleBytes: Uint8Array<ArrayBuffer> | null = null;
let compiled: WebAssembly.Module | null | undefined;

/** The kernels' module; null where WebAssembly or its SIMD is missing. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  moduleBytes ??= encodeModule([dotI8(), dotF32(), gatherF32(), quantizeRows()]);
  compiled = typeof WebAssembly === 'object' && WebAssembly.validate(moduleBytes) ? new WebAssembly.Module(moduleBytes) : null;
  return compiled;
}

/** The encoded kernel module (for tests: it must validate wherever SIMD exists). */
export function searchKernelBytes(): Uint8Array<ArrayBuffer> {
  moduleBytes ??= encodeModule([dotI8(), dotF32(), gatherF32(), quantizeRows()]);
  return moduleBytes;
}

export type KernelKind = 'wasm-simd' | 'js';

/** True where the SIMD kernels run (Chromium, Node ≥ 16). */
export const simdAvailable = (): boolean => kernelModule() !== null;

// ---------------------------------------------------------------------------------------------

export interface MatrixOptions {
  /** Keep the int8 copy (scanned before exact re-ranking). */
  readonly int8: boolean;
  /** Force the plain JS loops (tests compare the two); default: SIMD where available. */
  readonly kernel?: KernelKind;
}

/** Bytes of memory a matrix of `rows` samples takes. */
export function matrixBytes(rows: number, int8: boolean): number {
  return HEADER_BYTES + rows * (16 + (int8 ? EMBEDDING_SIZE : 0) + ROW_F32_BYTES);
}

/** The largest gallery one matrix can hold (4 GiB of wasm32 memory). */
export const MAX_ROWS = Math.floor((MAX_BYTES - HEADER_BYTES) / (16 + EMBEDDING_SIZE + ROW_F32_BYTES));

/**
 * Every sample of a gallery, row by row, with the kernels that score a probe against them. Rows are
 * written once with setRow, then `prepare` makes the int8 copy (or the first search does).
 */
export class EmbeddingMatrix {
  readonly rows: number;
  readonly kernel: KernelKind;
  readonly int8: boolean;
  /** Bytes held for the matrix (the linear memory). */
  readonly bytes: number;
  private readonly buffer: ArrayBuffer;
  private readonly wasm: WasmKernels | null;
  private readonly indexPtr: number;
  private readonly gatheredPtr: number;
  private readonly scoresPtr: number;
  private readonly scalesPtr: number;
  private readonly codesPtr: number;
  private readonly floatsPtr: number;
  /** Per row: int8 scale (value = code × scale). */
  readonly rowScale: Float32Array;
  /** Largest ‖row − scale·code‖₂ and ‖row‖₂ over rows: the int8 error bound's ingredients. */
  private maxResidual = 0;
  private maxNorm = 0;
  private prepared = false;

  constructor(rows: number, options: MatrixOptions) {
    if (rows > MAX_ROWS) throw new RangeError(`A gallery of ${rows} samples is too large to search here (at most ${MAX_ROWS}).`);
    this.rows = rows;
    this.int8 = options.int8;
    const module = options.kernel === 'js' ? null : kernelModule();
    if (options.kernel === 'wasm-simd' && !module) throw new Error('WebAssembly SIMD is not available here');
    this.kernel = module ? 'wasm-simd' : 'js';
    this.indexPtr = HEADER_BYTES;
    this.gatheredPtr = this.indexPtr + rows * 4;
    this.scoresPtr = this.gatheredPtr + rows * 4;
    this.scalesPtr = this.scoresPtr + rows * 4;
    this.codesPtr = align16(this.scalesPtr + rows * 4);
    this.floatsPtr = align16(this.codesPtr + (this.int8 ? rows * EMBEDDING_SIZE : 0));
    const needed = this.floatsPtr + rows * ROW_F32_BYTES;
    this.bytes = Math.ceil(needed / PAGE) * PAGE;
    if (module) {
      const pages = this.bytes / PAGE;
      let memory: WebAssembly.Memory;
      try {
        memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
      } catch (error) {
        throw new RangeError(`Searching ${rows} samples needs ${Math.round(this.bytes / 2 ** 20)} MiB of memory, which this browser refused.`, { cause: error });
      }
      this.buffer = memory.buffer;
      this.wasm = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as WasmKernels;
    } else {
      this.buffer = new ArrayBuffer(this.bytes);
      this.wasm = null;
    }
    this.rowScale = new Float32Array(this.buffer, this.scalesPtr, this.int8 ? rows : 0);
  }

  /** Row r's float32 values (a view into the matrix). */
  row(r: number): Float32Array {
    return new Float32Array(this.buffer, this.floatsPtr + r * ROW_F32_BYTES, EMBEDDING_SIZE);
  }

  setRow(r: number, values: Float32Array): void {
    if (values.length !== EMBEDDING_SIZE) throw new Error(`a row has ${values.length} values, expected ${EMBEDDING_SIZE}`);
    if (this.prepared) throw new Error('the matrix is already prepared');
    this.row(r).set(values);
  }

  /** Makes the int8 copy of every row and the error bound's per-gallery terms. */
  prepare(): void {
    if (this.prepared || !this.int8) {
      this.prepared = true;
      return;
    }
    // Scratch for the per-row squared norms and residuals: the index and gathered areas, unused until a search.
    const norms = new Float32Array(this.buffer, this.indexPtr, this.rows);
    const residuals = new Float32Array(this.buffer, this.gatheredPtr, this.rows);
    if (this.wasm) {
      this.wasm.quantizeRows(this.floatsPtr, this.codesPtr, this.scalesPtr, this.indexPtr, this.gatheredPtr, this.rows);
    } else {
      for (let r = 0; r < this.rows; r++) {
        const row = this.row(r);
        let norm = 0;
        for (let i = 0; i < EMBEDDING_SIZE; i++) norm += row[i]! * row[i]!;
        const { scale, residual } = quantize(row, new Int8Array(this.buffer, this.codesPtr + r * EMBEDDING_SIZE, EMBEDDING_SIZE));
        this.rowScale[r] = scale;
        norms[r] = norm;
        residuals[r] = residual * residual;
      }
    }
    let maxNorm2 = 0;
    let maxResidual2 = 0;
    for (let r = 0; r < this.rows; r++) {
      if (norms[r]! > maxNorm2) maxNorm2 = norms[r]!;
      if (residuals[r]! > maxResidual2) maxResidual2 = residuals[r]!;
    }
    // float32 sums of 512 terms: relative error ≤ 512 · 2⁻²⁴ ≈ 3e-5, covered by 1e-4.
    this.maxNorm = Math.sqrt(maxNorm2) * (1 + 1e-4);
    this.maxResidual = Math.sqrt(maxResidual2) * (1 + 1e-4);
    this.prepared = true;
  }

  /** Writes the probe in both forms; returns what the int8 error bound needs about it. */
  private setProbe(probe: Float32Array): { scale: number; residual: number; norm: number } {
    new Float32Array(this.buffer, PROBE_F32, EMBEDDING_SIZE).set(probe);
    let norm = 0;
    for (let i = 0; i < EMBEDDING_SIZE; i++) norm += probe[i]! * probe[i]!;
    if (!this.int8) return { scale: 0, residual: 0, norm: Math.sqrt(norm) };
    // Quantised from the float32 copy, as the rows are.
    const { scale, residual } = quantize(new Float32Array(this.buffer, PROBE_F32, EMBEDDING_SIZE), new Int8Array(this.buffer, PROBE_I8, EMBEDDING_SIZE));
    new Int16Array(this.buffer, PROBE_I16, EMBEDDING_SIZE).set(new Int8Array(this.buffer, PROBE_I8, EMBEDDING_SIZE));
    return { scale, residual, norm: Math.sqrt(norm) };
  }

  /** Exact float32 score of every row: a view valid until the next exactScores or approximateScores. [rows] */
  exactScores(probe: Float32Array): Float32Array {
    this.setProbe(probe);
    const out = new Float32Array(this.buffer, this.scoresPtr, this.rows);
    if (this.wasm) this.wasm.dotF32(this.floatsPtr, this.rows, this.scoresPtr);
    else for (let r = 0; r < this.rows; r++) out[r] = this.jsDot(r);
    return out;
  }

  /**
   * int8 scores of every row (code · probe code, in int32: multiply by rowScale[r] × probeScale for
   * the approximate similarity), and `bound`: |approximate − exact| ≤ bound for every row.
   * The scores are a view valid until the next exactScores or approximateScores. [rows]
   */
  approximateScores(probe: Float32Array): { scores: Int32Array; probeScale: number; bound: number } {
    if (!this.int8) throw new Error('this matrix keeps no int8 copy');
    this.prepare();
    const p = this.setProbe(probe);
    const scores = new Int32Array(this.buffer, this.scoresPtr, this.rows);
    if (this.wasm) {
      this.wasm.dotI8(this.codesPtr, this.rows, this.scoresPtr);
    } else {
      const codes = new Int8Array(this.buffer, this.codesPtr, this.rows * EMBEDDING_SIZE);
      const q = new Int8Array(this.buffer, PROBE_I8, EMBEDDING_SIZE);
      for (let r = 0, base = 0; r < this.rows; r++, base += EMBEDDING_SIZE) {
        let dot = 0;
        for (let i = 0; i < EMBEDDING_SIZE; i++) dot += codes[base + i]! * q[i]!;
        scores[r] = dot;
      }
    }
    // With row = s·c + e and probe = t·d + f:  row·probe − s·t·(c·d) = e·probe + row·f − e·f, so by
    // Cauchy–Schwarz the error is at most ‖e‖‖probe‖ + ‖row‖‖f‖ + ‖e‖‖f‖. The last term absorbs the
    // float32 rounding of the exact dot product (≤ 512 · 2⁻²⁴ for unit vectors).
    const bound = this.maxResidual * p.norm + this.maxNorm * p.residual + this.maxResidual * p.residual + 1e-4;
    return { scores, probeScale: p.scale, bound };
  }

  /** Exact float32 scores of the listed rows, in their order: a view valid until the next exactScoresOf. */
  exactScoresOf(probe: Float32Array, rowList: Int32Array): Float32Array {
    if (rowList.length > this.rows) throw new Error('more rows asked than the matrix has');
    this.setProbe(probe);
    new Int32Array(this.buffer, this.indexPtr, rowList.length).set(rowList);
    const out = new Float32Array(this.buffer, this.gatheredPtr, rowList.length);
    if (this.wasm) this.wasm.gatherF32(this.floatsPtr, this.indexPtr, rowList.length, this.gatheredPtr);
    else for (let i = 0; i < rowList.length; i++) out[i] = this.jsDot(rowList[i]!);
    return out;
  }

  /** The JS path's dot product (float64 sums; the JS path compares only with itself). */
  private jsDot(r: number): number {
    const m = new Float32Array(this.buffer, this.floatsPtr + r * ROW_F32_BYTES, EMBEDDING_SIZE);
    const p = new Float32Array(this.buffer, PROBE_F32, EMBEDDING_SIZE);
    let dot = 0;
    for (let i = 0; i < EMBEDDING_SIZE; i++) dot += m[i]! * p[i]!;
    return dot;
  }
}

const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/** Symmetric int8 with one scale: codes = round(v / scale), scale = max|v| / 127. Returns ‖v − scale·codes‖₂. */
function quantize(v: Float32Array, codes: Int8Array): { scale: number; residual: number } {
  let max = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x > max) max = x;
    else if (-x > max) max = -x;
  }
  const scale = Math.fround(max / Q_MAX);
  if (scale === 0) {
    codes.fill(0);
    return { scale: 0, residual: 0 };
  }
  const inv = 1 / scale;
  let residual = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]! * inv;
    // Nearest, ties to even (as f32x4.nearest in the SIMD kernel).
    let c = Math.round(x);
    if (c - x === 0.5 && (c & 1) !== 0) c -= 1;
    if (c > Q_MAX) c = Q_MAX;
    else if (c < -Q_MAX) c = -Q_MAX;
    codes[i] = c;
    const e = v[i]! - c * scale;
    residual += e * e;
  }
  return { scale, residual: Math.sqrt(residual) };
}
