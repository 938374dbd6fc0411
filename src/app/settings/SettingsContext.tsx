import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { DEFAULT_SETTINGS, loadSettings, saveSettings, type AppSettings } from './settings.ts';

interface SettingsValue {
  readonly settings: AppSettings;
  update(change: Partial<AppSettings>): void;
  reset(): void;
  /** Back to the defaults without saving them: after "Delete everything" nothing is stored. */
  forget(): void;
}

const SettingsContext = createContext<SettingsValue | null>(null);

export function SettingsProvider({ children }: { readonly children: ReactNode }) {
  const [settings, setSettings] = useState<AppSettings>(loadSettings);
  const update = useCallback((change: Partial<AppSettings>) => {
    setSettings((previous) => {
      const next = { ...previous, ...change };
      saveSettings(next);
      return next;
    });
  }, []);
  const reset = useCallback(() => {
    saveSettings(DEFAULT_SETTINGS);
    setSettings(DEFAULT_SETTINGS);
  }, []);
  const forget = useCallback(() => setSettings(DEFAULT_SETTINGS), []);
  const value = useMemo(() => ({ settings, update, reset, forget }), [settings, update, reset, forget]);
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsValue {
  const value = useContext(SettingsContext);
  if (!value) throw new Error('useSettings needs a SettingsProvider');
  return value;
}
