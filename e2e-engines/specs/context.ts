/** What every engine spec gets, and the waits they share (on what the app shows, with generous limits). */
import type { Driver } from '../driver.ts';
import { waitFor } from '../driver.ts';

export interface SpecContext {
  readonly driver: Driver;
  /** The production build's origin, e.g. http://localhost:4183. */
  readonly baseUrl: string;
  /** A scratch folder for files the specs write (the exported gallery, a bad file). */
  readonly scratch: string;
  /** Measurements the run reports (start-up, webcam frame rate), by name. */
  readonly timings: Record<string, number | string>;
}

export interface EngineSpec {
  readonly name: string;
  readonly run: (context: SpecContext) => Promise<void>;
}

/** Models load in a few seconds on a quiet machine, a minute in WebKitGTK: the limit is for a busy one. */
export const ENGINE_TIMEOUT = 300_000;
/** A few photos analysed; generous for a loaded machine. */
export const ANALYSIS_TIMEOUT = 240_000;
/** Anything the app does without the models (a list, a notice). */
export const UI_TIMEOUT = 60_000;

export class SpecFailure extends Error {}

/**
 * A flow the engine or its automation cannot run (not an app bug): reported as skipped with this
 * reason; the flows after it that need what it would have made are skipped too.
 */
export class EngineCannot extends Error {}

export function check(condition: boolean, message: string): void {
  if (!condition) throw new SpecFailure(message);
}

/** Opens a screen and waits until the engine is ready; returns the backend (wasm/webgpu). */
export async function openScreen({ driver, baseUrl }: SpecContext, hash: string): Promise<string> {
  await driver.goto(`${baseUrl}/${hash}`);
  return waitFor<string>(
    driver,
    'the models to load (backend badge)',
    `return byId('backend')?.getAttribute('data-backend') || null`,
    ENGINE_TIMEOUT,
  );
}

/** The names on the People screen, once its list (or the empty gallery) shows. */
export async function peopleNames(context: SpecContext): Promise<string[]> {
  await context.driver.goto(`${context.baseUrl}/#/people`);
  return waitFor<string[]>(
    context.driver,
    'the People list',
    `return byId('people-list') || byId('people-empty') ? allById('person-name').map((e) => e.textContent) : null`,
    UI_TIMEOUT,
  );
}

export interface IdentifiedPhoto {
  readonly file: string;
  readonly failed: string | null;
  readonly names: string[];
}

/** Identifies photos on the Identify screen and returns each card once every photo has one. */
export async function identify(context: SpecContext, photos: readonly string[]): Promise<IdentifiedPhoto[]> {
  await openScreen(context, '#/identify');
  await context.driver.run(`if (byId('identify-clear')) click('identify-clear');`);
  await context.driver.setFiles('[data-testid="identify-drop-files"]', photos);
  return waitFor<IdentifiedPhoto[]>(
    context.driver,
    `${photos.length} identify result(s)`,
    `const cards = [...document.querySelectorAll('[data-testid="identify-result"], [data-testid="identify-failed"]')];
     if (cards.length < args[0]) return null;
     return cards.map((card) => ({
       file: card.getAttribute('data-file'),
       failed: card.getAttribute('data-testid') === 'identify-failed' ? card.textContent : null,
       names: allById('identify-face-name', card).map((e) => e.textContent),
     }));`,
    ANALYSIS_TIMEOUT,
    photos.length,
  );
}
