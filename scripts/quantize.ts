/**
 * int8 variants derived from an fp32 ONNX model, in TypeScript on onnx-proto (no Python here; fp16 is
 * scripts/float16.ts):
 *
 * - int8, static QDQ in onnxruntime's conventions: BatchNormalization folded into the Conv before it;
 *   every quantised Conv reads a DequantizeLinear of its activation (uint8, asymmetric, range
 *   calibrated by running the fp32 model) and of its weights (int8, symmetric, per output channel),
 *   its bias is int32 at scale x_scale·w_scale, and its output (or the output of the Relu right after
 *   it, which onnxruntime then drops) passes a QuantizeLinear/DequantizeLinear pair. onnxruntime's
 *   graph optimisation ('all') fuses DQ → Conv → Q into QLinearConv.
 *
 * These are pure functions of their inputs (the calibrated ranges are data), so derived bytes are
 * the same on every run and a hash can pin them.
 */
import {
  attrFloat,
  consumers,
  decodeModel,
  dimsOf,
  dropUnusedInitialisers,
  DT,
  encodeModel,
  floatTensor,
  floatValues,
  graphOf,
  initialiserMap,
  intAttr,
  node,
  num,
  onnx,
  rawTensor,
  type Model,
  type Node,
} from './onnxModel.ts';

/** Per-channel QuantizeLinear/DequantizeLinear (`axis`) needs opset 13. */
const QDQ_OPSET = 13;

export interface Range {
  readonly min: number;
  readonly max: number;
}
/** Calibrated activation ranges by tensor name. */
export type Ranges = Readonly<Record<string, Range>>;

/** Round half to even, as onnxruntime's quantiser (numpy) rounds. */
function roundEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Ops whose attributes became inputs at opset 13: a model using them cannot simply be relabelled. */
const CHANGED_AT_13 = new Set(['Split', 'Squeeze', 'Unsqueeze', 'ReduceSum']);

/** Per-channel QuantizeLinear/DequantizeLinear need opset 13; the models here mean the same there (checked). */
function raiseOpsetForQdq(model: Model): void {
  const def = model.opsetImport.find((o) => !o.domain);
  if (!def) throw new Error('model has no default-domain opset');
  if (num(def.version) >= QDQ_OPSET) return;
  const changed = graphOf(model).node.find((n) => CHANGED_AT_13.has(n.opType ?? ''));
  if (changed) throw new Error(`${changed.opType ?? '?'} changes meaning at opset ${QDQ_OPSET}, which per-channel QDQ needs`);
  def.version = QDQ_OPSET;
}

/**
 * Folds every BatchNormalization that alone reads a Conv's output into that Conv's weights and bias
 * (what onnxruntime does at load anyway), so that the quantised weights are the ones that compute.
 */
export function foldBatchNorm(model: Model): number {
  const graph = graphOf(model);
  const inits = initialiserMap(graph);
  const readers = consumers(graph);
  const outputs = new Set(graph.output.map((o) => o.name));
  const removed = new Set<Node>();
  let folded = 0;
  for (const conv of graph.node) {
    if (conv.opType !== 'Conv') continue;
    const y = conv.output?.[0] ?? '';
    const next = readers.get(y);
    if (next?.length !== 1 || outputs.has(y)) continue;
    const bn = next[0]!;
    if (bn.opType !== 'BatchNormalization' || bn.input?.[0] !== y) continue;
    const [, sName, bName, mName, vName] = bn.input ?? [];
    const w = inits.get(conv.input?.[1] ?? '');
    const [s, b, m, v] = [sName, bName, mName, vName].map((n) => inits.get(n ?? ''));
    if (!w || !s || !b || !m || !v) continue;
    const eps = attrFloat(bn, 'epsilon', 1e-5);
    const wv = floatValues(w);
    const [sv, bv, mv, vv] = [s, b, m, v].map(floatValues) as [Float32Array, Float32Array, Float32Array, Float32Array];
    const channels = sv.length;
    const per = wv.length / channels;
    const biasName = conv.input?.[2];
    const oldBias = biasName ? inits.get(biasName) : undefined;
    const bias0 = oldBias ? floatValues(oldBias) : new Float32Array(channels);
    const newW = new Float32Array(wv.length);
    const newB = new Float32Array(channels);
    for (let c = 0; c < channels; c++) {
      const k = sv[c]! / Math.sqrt(vv[c]! + eps);
      for (let i = 0; i < per; i++) newW[c * per + i] = wv[c * per + i]! * k;
      newB[c] = (bias0[c]! - mv[c]!) * k + bv[c]!;
    }
    const wName = `${conv.name ?? y}_folded_W`;
    const bNameNew = `${conv.name ?? y}_folded_B`;
    graph.initializer.push(floatTensor(wName, dimsOf(w), newW), floatTensor(bNameNew, [channels], newB));
    conv.input = [conv.input?.[0] ?? '', wName, bNameNew];
    conv.output = [bn.output?.[0] ?? ''];
    removed.add(bn);
    folded++;
  }
  graph.node = graph.node.filter((n) => !removed.has(n));
  dropUnusedInitialisers(graph);
  return folded;
}

/** Ops that only move or renormalise values on the way from a head Conv to a graph output. */
const PASS_THROUGH = new Set(['Reshape', 'Transpose', 'Flatten', 'Softmax']);

export interface ConvPlan {
  readonly conv: Node;
  /** The activation the Conv reads. */
  readonly input: string;
  /** Where the output is quantised: the Conv's output, or that of the Relu that alone reads it. */
  readonly output: string;
}

/**
 * The Convs to quantise and the tensors whose ranges they need. A Conv whose output reaches a graph
 * output (through reshapes and the like) stays fp32: its output is a final score or a regression that
 * uint8 would coarsen, and it is a small 1×1 head.
 */
export function planConvs(model: Model): ConvPlan[] {
  const graph = graphOf(model);
  const readers = consumers(graph);
  const outputs = new Set(graph.output.map((o) => o.name ?? ''));
  const reachesOutput = (t: string): boolean => {
    if (outputs.has(t)) return true;
    const next = readers.get(t) ?? [];
    return next.length === 1 && PASS_THROUGH.has(next[0]!.opType ?? '') && reachesOutput(next[0]!.output?.[0] ?? '');
  };
  const plans: ConvPlan[] = [];
  for (const conv of graph.node) {
    if (conv.opType !== 'Conv') continue;
    const y = conv.output?.[0] ?? '';
    if (reachesOutput(y)) continue;
    const next = readers.get(y) ?? [];
    const relu = next.length === 1 && next[0]!.opType === 'Relu' && !outputs.has(y) ? next[0]! : null;
    plans.push({ conv, input: conv.input?.[0] ?? '', output: relu ? (relu.output?.[0] ?? '') : y });
  }
  return plans;
}

/** The tensors whose ranges the int8 variant needs, in graph order. */
export function calibrationTensors(model: Model): string[] {
  const names: string[] = [];
  for (const p of planConvs(model)) {
    if (!names.includes(p.input)) names.push(p.input);
    if (!names.includes(p.output)) names.push(p.output);
  }
  return names;
}

/** The model with `tensors` added as float graph outputs, to read their values while calibrating. */
export function exposeTensors(model: Model, tensors: readonly string[]): Uint8Array {
  const copy = decodeModel(encodeModel(model));
  const graph = graphOf(copy);
  const existing = new Set(graph.output.map((o) => o.name));
  for (const name of tensors) {
    if (existing.has(name)) continue;
    graph.output.push(onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: DT.FLOAT } } }));
  }
  graph.valueInfo = [];
  return encodeModel(copy);
}

/** uint8 asymmetric parameters for a range, which always includes 0 (so padding and Relu are exact). */
export function activationParams(r: Range): { scale: number; zeroPoint: number } {
  const lo = Math.min(0, r.min);
  const hi = Math.max(0, r.max);
  const scale = Math.fround(hi > lo ? (hi - lo) / 255 : 1);
  const zeroPoint = Math.max(0, Math.min(255, roundEven(-lo / scale)));
  return { scale, zeroPoint };
}

/** Symmetric int8 per output channel (axis 0): scale = max |w| / 127, round half to even. */
export function quantizePerChannel(values: Float32Array, channels: number): { quantized: Int8Array; scales: Float32Array } {
  const per = values.length / channels;
  const scales = new Float32Array(channels);
  const quantized = new Int8Array(values.length);
  for (let c = 0; c < channels; c++) {
    let maxAbs = 0;
    for (let i = 0; i < per; i++) maxAbs = Math.max(maxAbs, Math.abs(values[c * per + i]!));
    const s = Math.fround(maxAbs > 0 ? maxAbs / 127 : 1);
    scales[c] = s;
    for (let i = 0; i < per; i++) quantized[c * per + i] = Math.max(-127, Math.min(127, roundEven(values[c * per + i]! / s)));
  }
  return { quantized, scales };
}

/**
 * The static QDQ int8 model: `model` (fp32, BatchNormalization folded) with every Conv that
 * planConvs chooses quantised as the module comment says. `ranges` must hold every calibrationTensors name.
 */
export function quantizeQdq(model: Model, ranges: Ranges): Uint8Array {
  const out = decodeModel(encodeModel(model));
  const graph = graphOf(out);
  raiseOpsetForQdq(out);
  const inits = initialiserMap(graph);
  const plans = planConvs(out);
  const graphOutputs = new Set(graph.output.map((o) => o.name ?? ''));

  // One Q/DQ pair per quantised activation; every reader but a graph output reads the DQ copy.
  const activations = new Map<string, { scale: number; zeroPoint: number }>();
  for (const p of plans) {
    for (const t of [p.input, p.output]) {
      if (activations.has(t)) continue;
      const r = ranges[t];
      if (!r) throw new Error(`no calibrated range for ${t}`);
      activations.set(t, activationParams(r));
    }
  }
  const dq = (t: string): string => `${t}_DequantizeLinear_Output`;
  const qdqNodes = (t: string): Node[] => {
    const p = activations.get(t)!;
    graph.initializer.push(
      floatTensor(`${t}_scale`, [], Float32Array.of(p.scale)),
      rawTensor(`${t}_zero_point`, DT.UINT8, [], Uint8Array.of(p.zeroPoint)),
    );
    return [
      node('QuantizeLinear', [t, `${t}_scale`, `${t}_zero_point`], [`${t}_QuantizeLinear_Output`], `${t}_QuantizeLinear`),
      node('DequantizeLinear', [`${t}_QuantizeLinear_Output`, `${t}_scale`, `${t}_zero_point`], [dq(t)], `${t}_DequantizeLinear`),
    ];
  };

  const weightNodes = (p: ConvPlan): Node[] => {
    const conv = p.conv;
    const wName = conv.input?.[1] ?? '';
    const w = inits.get(wName);
    if (!w) throw new Error(`Conv ${conv.name ?? '?'} has no initialiser weights`);
    const dims = dimsOf(w);
    const channels = dims[0]!;
    const { quantized: q, scales } = quantizePerChannel(floatValues(w), channels);
    const base = `${conv.name ?? wName}_W`;
    graph.initializer.push(
      rawTensor(`${base}_quantized`, DT.INT8, dims, new Uint8Array(q.buffer)),
      floatTensor(`${base}_scale`, [channels], scales),
      rawTensor(`${base}_zero_point`, DT.INT8, [channels], new Uint8Array(channels)),
    );
    const nodes = [
      node('DequantizeLinear', [`${base}_quantized`, `${base}_scale`, `${base}_zero_point`], [`${base}_dq`], `${base}_DequantizeLinear`, [
        intAttr('axis', 0),
      ]),
    ];
    const inputs = [dq(p.input), `${base}_dq`];
    const bName = conv.input?.[2];
    if (bName) {
      const b = inits.get(bName);
      if (!b) throw new Error(`Conv ${conv.name ?? '?'} has no initialiser bias`);
      const bv = floatValues(b);
      const xScale = activations.get(p.input)!.scale;
      const bScales = new Float32Array(channels);
      const bq = new Int32Array(channels);
      for (let c = 0; c < channels; c++) {
        bScales[c] = Math.fround(xScale * scales[c]!);
        bq[c] = roundEven(bv[c]! / bScales[c]!);
      }
      const bBase = `${conv.name ?? bName}_B`;
      graph.initializer.push(
        rawTensor(`${bBase}_quantized`, DT.INT32, [channels], new Uint8Array(bq.buffer)),
        floatTensor(`${bBase}_scale`, [channels], bScales),
        rawTensor(`${bBase}_zero_point`, DT.INT32, [channels], new Uint8Array(channels * 4)),
      );
      nodes.push(
        node(
          'DequantizeLinear',
          [`${bBase}_quantized`, `${bBase}_scale`, `${bBase}_zero_point`],
          [`${bBase}_dq`],
          `${bBase}_DequantizeLinear`,
          [intAttr('axis', 0)],
        ),
      );
      inputs.push(`${bBase}_dq`);
    }
    conv.input = inputs;
    return nodes;
  };

  const convPlans = new Map(plans.map((p) => [p.conv, p]));
  const emitted = new Set<string>();
  const nodes: Node[] = [];
  const emitQdq = (t: string): void => {
    if (activations.has(t) && !emitted.has(t)) {
      emitted.add(t);
      nodes.push(...qdqNodes(t));
    }
  };
  for (const i of graph.input) emitQdq(i.name ?? '');
  for (const n of graph.node) {
    // Every reader of a quantised activation reads its DQ copy (set before the Conv's own inputs change).
    n.input = (n.input ?? []).map((i) => (activations.has(i) ? dq(i) : i));
    const plan = convPlans.get(n);
    if (plan) nodes.push(...weightNodes(plan));
    nodes.push(n);
    for (const o of n.output ?? []) emitQdq(o);
  }
  for (const t of activations.keys()) {
    if (!emitted.has(t)) throw new Error(`activation ${t} is neither a graph input nor a node output`);
    if (graphOutputs.has(t)) throw new Error(`activation ${t} is a graph output`);
  }
  graph.node = nodes;
  graph.valueInfo = [];
  dropUnusedInitialisers(graph);
  return encodeModel(out);
}

/**
 * The model with every Conv weight stored as per-channel symmetric int8 behind a DequantizeLinear, and
 * nothing else changed: activations stay float, so compute is fp32 once onnxruntime has dequantised.
 */
export function toInt8Weights(model: Model): Uint8Array {
  const out = decodeModel(encodeModel(model));
  raiseOpsetForQdq(out);
  const graph = graphOf(out);
  const inits = initialiserMap(graph);
  const dqs: Node[] = [];
  const done = new Set<string>();
  for (const conv of graph.node) {
    const wName = conv.input?.[1] ?? '';
    const w = conv.opType === 'Conv' ? inits.get(wName) : undefined;
    if (!w || done.has(wName)) continue;
    done.add(wName);
    const { quantized, scales } = quantizePerChannel(floatValues(w), dimsOf(w)[0]!);
    graph.initializer.push(
      rawTensor(`${wName}_quantized`, DT.INT8, dimsOf(w), new Uint8Array(quantized.buffer)),
      floatTensor(`${wName}_scale`, [scales.length], scales),
      rawTensor(`${wName}_zero_point`, DT.INT8, [scales.length], new Uint8Array(scales.length)),
    );
    dqs.push(
      node('DequantizeLinear', [`${wName}_quantized`, `${wName}_scale`, `${wName}_zero_point`], [wName], `${wName}_DequantizeLinear`, [
        intAttr('axis', 0),
      ]),
    );
  }
  graph.initializer = graph.initializer.filter((t) => !done.has(t.name ?? ''));
  graph.input = graph.input.filter((i) => !done.has(i.name ?? ''));
  graph.node = [...dqs, ...graph.node];
  return encodeModel(out);
}
