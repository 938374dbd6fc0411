/**
 * Stands in for @tensorflow/tfjs-backend-webgpu, which Human's build without tfjs imports but which is
 * not installed (bench/vite.config.ts maps it here): the benchmark runs Human on WASM only.
 */
export {};
