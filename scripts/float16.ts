/**
 * fp16 storage: float weights stored as float16 initialisers, each expanded by a Cast to float that
 * onnxruntime folds at load; compute stays fp32. A pure function of the model, so the derived bytes
 * are the same on every run and a hash can pin them.
 */
import {
  decodeModel,
  dimsOf,
  DT,
  encodeModel,
  floatTensor,
  floatValues,
  graphOf,
  intAttr,
  node,
  rawTensor,
  type Model,
  type Node,
} from './onnxModel.ts';

/** float32 → IEEE half bits, round to nearest even (overflow → ±Inf, tiny → subnormal or ±0). */
export function toHalfBits(value: number): number {
  const f = new Float32Array([value]);
  const x = new Uint32Array(f.buffer)[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let m = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && (m & 1) === 1)) m++;
    return sign | m;
  }
  let m = mant >>> 13;
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (m & 1) === 1)) {
    m++;
    if (m === 0x400) {
      m = 0;
      e++;
      if (e >= 0x1f) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | m;
}

/**
 * The model with every float32 initialiser of at least `minElements` values stored as float16 and
 * expanded by a Cast to float at the start of the graph (onnxruntime folds the Casts at load).
 */
export function toFloat16Weights(model: Model, minElements = 16): Uint8Array {
  const out = decodeModel(encodeModel(model));
  const graph = graphOf(out);
  const casts: Node[] = [];
  graph.initializer = graph.initializer.map((t) => {
    if (t.dataType !== DT.FLOAT) return t;
    const values = floatValues(t);
    if (values.length < minElements) return t;
    const half = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) half[i] = toHalfBits(values[i]!);
    const name = t.name ?? '';
    casts.push(node('Cast', [`${name}_fp16`], [name], `${name}_Cast`, [intAttr('to', DT.FLOAT)]));
    return rawTensor(`${name}_fp16`, DT.FLOAT16, dimsOf(t), new Uint8Array(half.buffer));
  });
  // An initialiser listed as a graph input (older exports) is now computed: it must not be an input.
  const cast = new Set(casts.map((c) => c.output?.[0]));
  graph.input = graph.input.filter((i) => !cast.has(i.name ?? ''));
  graph.node = [...casts, ...graph.node];
  return encodeModel(out);
}

/** float16 rounds any magnitude below this to 0. */
export const FLOAT16_FLUSH = 2 ** -25;

/**
 * The model with every float32 weight that float16 would round to 0 set to 0, nothing else changed:
 * it isolates that part of fp16 storage. fr_feature.onnx has about 200,000 such near-dead weights
 * (119,000 below 1e-30), whose products with activations are subnormal, which WebAssembly must compute
 * exactly and x86 computes slowly.
 */
export function flushTinyWeights(model: Model, below = FLOAT16_FLUSH): Uint8Array {
  const out = decodeModel(encodeModel(model));
  const graph = graphOf(out);
  graph.initializer = graph.initializer.map((t) => {
    if (t.dataType !== DT.FLOAT) return t;
    const values = floatValues(t);
    let changed = false;
    for (let i = 0; i < values.length; i++) {
      if (values[i] !== 0 && Math.abs(values[i]!) < below) {
        values[i] = 0;
        changed = true;
      }
    }
    return changed ? floatTensor(t.name ?? '', dimsOf(t), values) : t;
  });
  return encodeModel(out);
}

/** How many float32 weights are non-zero and below `below` in magnitude. */
export function tinyWeights(model: Model, below = FLOAT16_FLUSH): number {
  let n = 0;
  for (const t of graphOf(model).initializer) {
    if (t.dataType !== DT.FLOAT) continue;
    for (const v of floatValues(t)) if (v !== 0 && Math.abs(v) < below) n++;
  }
  return n;
}
