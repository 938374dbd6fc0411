/**
 * Offline support: the service worker that precaches the build (src/sw/serviceWorker.ts). Production
 * builds only: the dev server's modules are not a fixed file list.
 */
let registered = false;

/**
 * Registers the service worker. Called once the face engine has started (or failed to): precaching
 * the whole build, onnxruntime's 14 MB WebAssembly included, would otherwise compete with the engine's
 * own start-up for the network and the CPU, and fetch that file a second time while it is compiling.
 */
export function registerOfflineSupport(): void {
  if (registered || !import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  registered = true;
  navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch((error: unknown) => {
    console.warn('Faceprint works online only: the offline service worker did not register.', error);
  });
}
