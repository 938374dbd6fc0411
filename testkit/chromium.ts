/** How the tests, the benchmark and the scripts launch Debian's Chromium (Playwright cannot download its own browsers here). */
import { chromium, type Browser } from '@playwright/test';

/** The one place the path is written in TypeScript (scripts/ensure-browser.sh checks the same path for `npm run test:e2e`). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchOptions {
  /** A .y4m file played as the webcam, with camera permission granted (see testkit/fakeCamera.ts). */
  readonly cameraVideo?: string;
  /** Enable WebGPU (a SwiftShader adapter headless: real, but slow). */
  readonly webgpu?: boolean;
}

export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const args = [...CHROMIUM_ARGS];
  if (options.cameraVideo) {
    args.push(
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${options.cameraVideo}`,
    );
  }
  if (options.webgpu) args.push('--enable-unsafe-webgpu');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args });
}
