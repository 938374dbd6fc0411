/** Webcam / Photos switch: a WAI-ARIA tab list (arrow keys move between the two tabs). */
import type { KeyboardEvent } from 'react';

export type EnrollMode = 'webcam' | 'photos';

const MODES: readonly { readonly id: EnrollMode; readonly label: string }[] = [
  { id: 'webcam', label: 'Webcam' },
  { id: 'photos', label: 'Photos' },
];

export const tabId = (mode: EnrollMode): string => `enroll-tab-${mode}`;
export const panelId = (mode: EnrollMode): string => `enroll-panel-${mode}`;

export function ModeTabs({ mode, onChange }: { readonly mode: EnrollMode; readonly onChange: (mode: EnrollMode) => void }) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight' && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    const index = MODES.findIndex((m) => m.id === mode);
    const next =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? MODES.length - 1
          : (index + (event.key === 'ArrowRight' ? 1 : MODES.length - 1)) % MODES.length;
    const target = MODES[next];
    if (!target) return;
    onChange(target.id);
    document.getElementById(tabId(target.id))?.focus();
  };
  return (
    <div className="enroll-tabs" role="tablist" aria-label="Enroll from" onKeyDown={onKeyDown}>
      {MODES.map((m) => (
        <button
          key={m.id}
          type="button"
          role="tab"
          id={tabId(m.id)}
          aria-selected={m.id === mode}
          aria-controls={panelId(m.id)}
          tabIndex={m.id === mode ? 0 : -1}
          className="enroll-tab"
          data-testid={`enroll-mode-${m.id}`}
          onClick={() => onChange(m.id)}
        >
          {m.label}
        </button>
      ))}
    </div>
  );
}
