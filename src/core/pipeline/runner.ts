/**
 * How the pure pipeline talks to a model without knowing onnxruntime: the one file that sets up
 * sessions (src/runtime/session.ts) wraps each session in a ModelRunner.
 */

export interface TensorData {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

export interface ModelRunner {
  run(feeds: Readonly<Record<string, TensorData>>): Promise<Record<string, TensorData>>;
}

/** The three networks of the pipeline. */
export interface FaceModels {
  readonly detector: ModelRunner;
  readonly embedder: ModelRunner;
  readonly pose: ModelRunner;
}

export function output(outputs: Record<string, TensorData>, name: string): TensorData {
  const t = outputs[name];
  if (!t) throw new Error(`model output ${name} is missing`);
  return t;
}
