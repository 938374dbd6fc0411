/**
 * Settings: how strict recognition is, which faces count, and where the models run. Every change
 * applies at once and is saved in this browser (SettingsContext); a backend change restarts the engine.
 */
import { useId, useState, type ChangeEvent, type ReactNode } from 'react';
import { plural } from '../../core/text.ts';
import { useEngine, type EngineState } from '../engine/EngineContext.tsx';
import { StartupProfile } from './StartupProfile.tsx';
import type { BackendPreference } from '../../runtime/session.ts';
import { CalibrationPanel } from './calibration/CalibrationPanel.tsx';
import { DeleteEverything } from './DeleteEverything.tsx';
import { useSettings } from './SettingsContext.tsx';
import { DEFAULT_SETTINGS, SETTING_RANGES, type AppSettings } from './settings.ts';
import './settings.css';

type RangeKey = keyof typeof SETTING_RANGES;

const similarity = (v: number): string => v.toFixed(2);
const degrees = (v: number): string => `${Math.round(v)}°`;

const BACKENDS: readonly { readonly value: BackendPreference; readonly label: string; readonly help: string }[] = [
  { value: 'auto', label: 'Auto', help: 'WebGPU when this browser has a working graphics adapter, otherwise WASM.' },
  { value: 'webgpu', label: 'WebGPU', help: 'Runs the models on the graphics card: the fastest where it works.' },
  { value: 'wasm', label: 'WASM', help: 'Runs the models on the processor, on several threads: works everywhere.' },
];

function sameSettings(a: AppSettings, b: AppSettings): boolean {
  return (Object.keys(a) as (keyof AppSettings)[]).every((key) => a[key] === b[key]);
}

/** A labelled slider with its value as a number beside the label and a tick at the default. */
function SettingSlider({
  name,
  label,
  value,
  format,
  onChange,
  children,
}: {
  readonly name: RangeKey;
  readonly label: string;
  readonly value: number;
  readonly format: (value: number) => string;
  readonly onChange: (value: number) => void;
  readonly children: ReactNode;
}) {
  const id = useId();
  const { min, max, step } = SETTING_RANGES[name];
  const fallback = DEFAULT_SETTINGS[name];
  return (
    <div className="setting">
      <div className="setting-head">
        <label htmlFor={`${id}-input`}>{label}</label>
        <output htmlFor={`${id}-input`} className="setting-value" data-testid={`setting-${name}-value`}>
          {format(value)}
        </output>
      </div>
      <input
        id={`${id}-input`}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        list={`${id}-default`}
        aria-valuetext={format(value)}
        aria-describedby={`${id}-help`}
        data-testid={`setting-${name}`}
        onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(Number(event.target.value))}
      />
      <datalist id={`${id}-default`}>
        <option value={fallback} />
      </datalist>
      <div className="setting-scale" aria-hidden="true">
        <span>{format(min)}</span>
        {/* Under the default's tick (kept clear of the end labels). */}
        <span className="setting-default" style={{ left: `${Math.min(82, Math.max(18, ((fallback - min) / (max - min)) * 100))}%` }}>
          default {format(fallback)}
        </span>
        <span>{format(max)}</span>
      </div>
      <p className="setting-help" id={`${id}-help`}>
        {children}
      </p>
    </div>
  );
}

/** A checkbox with a sentence on when to use it. */
function SettingToggle({
  name,
  label,
  checked,
  onChange,
  children,
}: {
  readonly name: 'largestFaceOnly' | 'flip';
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  readonly children: ReactNode;
}) {
  const id = useId();
  return (
    <div className="setting setting-toggle">
      <input
        id={`${id}-input`}
        type="checkbox"
        checked={checked}
        aria-describedby={`${id}-help`}
        data-testid={`setting-${name}`}
        onChange={(e) => onChange(e.target.checked)}
      />
      <div>
        <label htmlFor={`${id}-input`}>{label}</label>
        <p className="setting-help" id={`${id}-help`}>
          {children}
        </p>
      </div>
    </div>
  );
}

/** Where the three zones of the similarity scale are now: what the two recognition sliders do together. */
function DecisionScale({ threshold, band }: { readonly threshold: number; readonly band: number }) {
  const lower = Math.max(0, threshold - band);
  const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
  return (
    <div className="decision-scale" data-testid="decision-scale">
      <div className="decision-bar" aria-hidden="true">
        <span className="zone zone-unknown" style={{ width: pct(lower) }} />
        <span className="zone zone-uncertain" style={{ width: pct(threshold - lower) }} />
        <span className="zone zone-known" style={{ width: pct(1 - threshold) }} />
      </div>
      <p className="decision-legend">
        <span className="status-unknown">Unknown below {similarity(lower)}</span>
        {band > 0 && (
          <span className="status-uncertain">
            Uncertain {similarity(lower)}–{similarity(threshold)}
          </span>
        )}
        <span className="status-known">Named from {similarity(threshold)}</span>
      </p>
    </div>
  );
}

function backendLabel(state: EngineState): string {
  if (state.status === 'loading') return 'Loading the face models…';
  if (state.status === 'error') return 'Not running';
  const { backend, threads } = state.info;
  if (backend === 'webgpu') return 'WebGPU';
  // Served without COOP/COEP (README, Deploy), the page cannot share memory with threads.
  return `WASM on ${plural(threads, 'thread')}${globalThis.crossOriginIsolated ? '' : ' (this site is not cross-origin isolated)'}`;
}

function BackendSetting({ value, onChange }: { readonly value: BackendPreference; readonly onChange: (value: BackendPreference) => void }) {
  const { state, retry } = useEngine();
  const hasWebGpu = typeof navigator !== 'undefined' && 'gpu' in navigator;
  const fallback = state.status === 'ready' ? state.info.fallbackReason : null;
  return (
    <fieldset className="setting backend-setting">
      <legend>Where the models run</legend>
      <div className="backend-options">
        {BACKENDS.map((option) => (
          <label key={option.value} className={`backend-option${value === option.value ? ' selected' : ''}`}>
            <input
              type="radio"
              name="backend"
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
              data-testid={`setting-backend-${option.value}`}
            />
            <span className="backend-option-text">
              <span className="backend-option-label">{option.label}</span>
              <span className="setting-help">
                {option.help}
                {option.value === 'webgpu' && !hasWebGpu && ' This browser has no WebGPU, so WASM is used instead.'}
              </span>
            </span>
          </label>
        ))}
      </div>
      <div className="backend-status" aria-live="polite" data-testid="backend-in-use" data-status={state.status}>
        <span>
          In use: <strong>{backendLabel(state)}</strong>
        </span>
        {fallback && (
          <span className="backend-fallback" data-testid="backend-fallback-reason">
            {value === 'auto' ? 'Auto chose WASM' : 'Using WASM instead of WebGPU'}: {fallback}.
          </span>
        )}
        {state.status === 'error' && (
          <span className="backend-error" role="alert">
            {state.message}{' '}
            <button type="button" className="small" onClick={retry}>
              Retry
            </button>
          </span>
        )}
      </div>
      <p className="setting-help">Changing this reloads the face models, which takes a few seconds; the gallery is not affected.</p>
    </fieldset>
  );
}

export function SettingsScreen() {
  const { settings, update, reset } = useSettings();
  const [restored, setRestored] = useState(false);
  const isDefault = sameSettings(settings, DEFAULT_SETTINGS);
  // Any change after "Restore defaults" makes its confirmation stale.
  const change = (partial: Partial<AppSettings>) => {
    setRestored(false);
    update(partial);
  };

  return (
    <section aria-labelledby="settings-heading" className="settings-screen">
      <h1 id="settings-heading">Settings</h1>
      <p className="lead">Used by every screen and saved in this browser. Changes apply at once.</p>

      <div className="settings-grid">
        <section className="card settings-group" aria-labelledby="settings-recognition">
          <h2 id="settings-recognition">Recognition</h2>
          <SettingSlider
            name="threshold"
            label="Match threshold"
            value={settings.threshold}
            format={similarity}
            onChange={(threshold) => change({ threshold })}
          >
            The similarity a face needs to be named. Higher: fewer false matches, but more faces shown as “Unknown”. Lower: more faces
            named, with more risk of naming the wrong person.
          </SettingSlider>
          <SettingSlider
            name="uncertainBand"
            label="Uncertain band"
            value={settings.uncertainBand}
            format={similarity}
            onChange={(uncertainBand) => change({ uncertainBand })}
          >
            A face this close below the threshold is shown as “Uncertain: Name?” instead of Unknown. 0 turns the uncertain zone off.
          </SettingSlider>
          <DecisionScale threshold={settings.threshold} band={settings.uncertainBand} />
        </section>
        <CalibrationPanel />

        <section className="card settings-group" aria-labelledby="settings-pose">
          <h2 id="settings-pose">Head pose limits</h2>
          <p className="setting-help">
            Faces turned further than these limits are shown but not recognised (a dashed grey box): a face seen from the side gives
            unreliable matches.
          </p>
          <SettingSlider
            name="maxYaw"
            label="Largest left/right turn (yaw)"
            value={settings.maxYaw}
            format={degrees}
            onChange={(maxYaw) => change({ maxYaw })}
          >
            Higher lets more side views through; lower keeps only faces looking towards the camera.
          </SettingSlider>
          <SettingSlider
            name="maxPitch"
            label="Largest up/down tilt (pitch)"
            value={settings.maxPitch}
            format={degrees}
            onChange={(maxPitch) => change({ maxPitch })}
          >
            Higher accepts faces looking further up or down.
          </SettingSlider>
        </section>

        <section className="card settings-group" aria-labelledby="settings-faces">
          <h2 id="settings-faces">Faces and speed</h2>
          <SettingToggle
            name="largestFaceOnly"
            label="Only the largest face"
            checked={settings.largestFaceOnly}
            onChange={(largestFaceOnly) => change({ largestFaceOnly })}
          >
            For a gate or clock-in terminal: only the person in front of the camera is recognised, and faces in the background are ignored.
          </SettingToggle>
          <SettingToggle name="flip" label="Flip augmentation" checked={settings.flip} onChange={(flip) => change({ flip })}>
            Each face is also read mirrored and the two are averaged: steadier matches, but the embedding step takes twice as long.
          </SettingToggle>
        </section>

        <section className="card settings-group" aria-labelledby="settings-engine">
          <h2 id="settings-engine">Engine</h2>
          <BackendSetting value={settings.backend} onChange={(backend) => change({ backend })} />
          <StartupProfile />
        </section>

        <DeleteEverything />
      </div>

      <div className="settings-footer">
        <button
          type="button"
          onClick={() => {
            reset();
            setRestored(true);
          }}
          disabled={isDefault}
          data-testid="settings-reset"
        >
          Restore defaults
        </button>
        <span className="muted" aria-live="polite" data-testid="settings-saved">
          {restored ? 'Defaults restored.' : isDefault ? 'Using the default settings.' : 'Your changes are saved in this browser.'}
        </span>
      </div>
    </section>
  );
}
