/**
 * Reading, writing and building ONNX graphs with onnx-proto (no Python here): what the model
 * derivations (scripts/install-models.ts) and the variants (scripts/quantize.ts, scripts/float16.ts)
 * share.
 */
import { createRequire } from 'node:module';
import type { onnx as OnnxNs } from 'onnx-proto';

const require = createRequire(import.meta.url);
export const { onnx } = require('onnx-proto') as typeof import('onnx-proto');

export type Model = OnnxNs.ModelProto;
export type Graph = OnnxNs.GraphProto;
export type Node = OnnxNs.INodeProto;
export type Tensor = OnnxNs.ITensorProto;
export type ValueInfo = OnnxNs.IValueInfoProto;

export const DT = onnx.TensorProto.DataType;

export function decodeModel(bytes: Uint8Array): Model {
  return onnx.ModelProto.decode(bytes);
}

export function encodeModel(model: Model): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

export function graphOf(model: Model): Graph {
  if (!model.graph) throw new Error('model has no graph');
  return model.graph as Graph;
}

export const num = (v: number | { toNumber(): number } | null | undefined): number =>
  v === null || v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber();

export function attrFloat(node: Node, name: string, fallback: number): number {
  const a = node.attribute?.find((x) => x.name === name);
  return a?.f ?? fallback;
}

/** The float32 values of an initialiser, whether stored as raw bytes or as float_data. */
export function floatValues(t: Tensor): Float32Array {
  if (t.dataType !== DT.FLOAT) throw new Error(`${t.name ?? '?'} is not float32`);
  if (t.rawData && t.rawData.length > 0) {
    const raw = t.rawData;
    const copy = new Uint8Array(raw.length);
    copy.set(raw);
    return new Float32Array(copy.buffer);
  }
  return Float32Array.from(t.floatData ?? []);
}

export function dimsOf(t: Tensor): number[] {
  return (t.dims ?? []).map(num);
}

export function rawTensor(name: string, dataType: number, dims: readonly number[], bytes: Uint8Array): Tensor {
  return onnx.TensorProto.create({ name, dataType, dims: [...dims], rawData: bytes });
}

export function floatTensor(name: string, dims: readonly number[], values: Float32Array): Tensor {
  return rawTensor(name, DT.FLOAT, dims, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

export function node(opType: string, inputs: string[], outputs: string[], name: string, attrs: OnnxNs.IAttributeProto[] = []): Node {
  return onnx.NodeProto.create({ opType, input: inputs, output: outputs, name, attribute: attrs });
}

export const intAttr = (name: string, i: number): OnnxNs.IAttributeProto =>
  onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i });

export function initialiserMap(graph: Graph): Map<string, Tensor> {
  return new Map(graph.initializer.map((t) => [t.name ?? '', t]));
}

export function consumers(graph: Graph): Map<string, Node[]> {
  const map = new Map<string, Node[]>();
  for (const n of graph.node) {
    for (const i of n.input ?? []) {
      const list = map.get(i) ?? [];
      list.push(n);
      map.set(i, list);
    }
  }
  return map;
}

export function dropUnusedInitialisers(graph: Graph): void {
  const used = new Set(graph.node.flatMap((n) => n.input ?? []));
  graph.initializer = graph.initializer.filter((t) => used.has(t.name ?? ''));
  graph.input = graph.input.filter((i) => used.has(i.name ?? '') || !initialiserMap(graph).has(i.name ?? ''));
}
