/**
 * The gallery's dot-product kernels: every sample as a contiguous float32 row [samples, 512] and, for
 * large galleries, an int8 copy (symmetric, one scale per row) scanned first to find the few rows
 * worth scoring exactly. The kernels are WebAssembly with 128-bit SIMD, written as text in
 * kernels/search.wat (assembled at install and build time by scripts/build-kernels.ts) and run on one
 * linear memory that holds all the data; without WebAssembly SIMD the same layout is scanned by plain
 * JS loops. Per-person ranking and the re-ranking rule live in match.ts.
 *
 * Memory layout (byte offsets), all in one WebAssembly.Memory (or one ArrayBuffer for the JS path);
 * search.wat reads the probes at these fixed addresses:
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
import { EMBEDDING_SIZE } from '../pipeline/embed.ts';
import { searchWasm } from './kernels/kernels.generated.ts';

const PROBE_I8 = 0;
const PROBE_F32 = 512;
const PROBE_I16 = 2560;
const HEADER_BYTES = 4096;
const PAGE = 65536;
/** wasm32 addresses 4 GiB. */
const MAX_BYTES = 65536 * PAGE;
const ROW_F32_BYTES = EMBEDDING_SIZE * 4;
/** Largest int8 code: codes are symmetric, −127..127 (−128 is never used). */
const Q_MAX = 127;

/** The exports of kernels/search.wat (pointers are byte offsets into the matrix memory). */
interface WasmKernels {
  quantizeRows(floats: number, codes: number, scales: number, norms: number, residuals: number, count: number): void;
  dotI8(rows: number, count: number, out: number): void;
  dotF32(rows: number, count: number, out: number): void;
  gatherF32(floats: number, index: number, count: number, out: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** The kernels' module; null where WebAssembly or its SIMD is missing. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = typeof WebAssembly === 'object' && WebAssembly.validate(searchWasm) ? new WebAssembly.Module(searchWasm) : null;
  return compiled;
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

/** The largest gallery one matrix can hold (4 GiB of wasm32 memory). */
const MAX_ROWS = Math.floor((MAX_BYTES - HEADER_BYTES) / (16 + EMBEDDING_SIZE + ROW_F32_BYTES));

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
        throw new RangeError(
          `Searching ${rows} samples needs ${Math.round(this.bytes / 2 ** 20)} MiB of memory, which this browser refused.`,
          { cause: error },
        );
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
    const { scale, residual } = quantize(
      new Float32Array(this.buffer, PROBE_F32, EMBEDDING_SIZE),
      new Int8Array(this.buffer, PROBE_I8, EMBEDDING_SIZE),
    );
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
