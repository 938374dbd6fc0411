/**
 * Live webcam on Identify, where the engine plays a fake camera (Firefox: its test pattern, with no
 * face in it): the video plays and frames are analysed ("No face in view"), then Stop ends it.
 */
import { waitFor } from '../driver.ts';
import { ANALYSIS_TIMEOUT, check, openScreen, UI_TIMEOUT, type EngineSpec } from './context.ts';

export const webcamSpec: EngineSpec = {
  name: 'live webcam: the fake camera plays and its frames are analysed',
  async run(context) {
    const { driver } = context;
    check(driver.fakeCamera, 'this engine has no fake camera');
    await openScreen(context, '#/identify');
    await driver.run(`click('identify-mode-live')`);
    await waitFor(driver, 'Start camera to be enabled', `return byId('live-start')?.disabled === false`, UI_TIMEOUT);
    await driver.run(`click('live-start')`);
    const frame = await waitFor<{ width: number; height: number }>(
      driver,
      'the camera video and an analysed frame',
      `if (byId('live-camera-error')) throw new Error(text('live-camera-error'));
       const video = byId('live-video');
       return video && video.videoWidth > 0 && (byId('live-no-face') || byId('live-face')) ? { width: video.videoWidth, height: video.videoHeight } : null;`,
      ANALYSIS_TIMEOUT,
    );
    const fps = await waitFor<string>(
      driver,
      'a frame rate',
      `const t = text('live-fps'); return t && /\\d fps/.test(t) ? t : null`,
      UI_TIMEOUT,
    );
    context.timings['webcam frames analysed per second'] = `${fps} (${frame.width}×${frame.height}, no face in the fake video)`;
    await driver.run(`click('live-stop')`);
    await waitFor(driver, 'the camera to stop', `return !byId('live-video') && !!byId('live-start')`, UI_TIMEOUT);
  },
};
