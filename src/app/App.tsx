/** The app shell: navigation between screens, the engine's loading state and backend badge. */
import { useEffect, useRef, useState } from 'react';
import { CompareScreen } from './compare/CompareScreen.tsx';
import { EngineProvider } from './engine/EngineContext.tsx';
import { EngineStatus } from './engine/EngineStatus.tsx';
import { EnrollScreen } from './enroll/EnrollScreen.tsx';
import { FacesScreen } from './faces/FacesScreen.tsx';
import { IdentifyScreen } from './identify/IdentifyScreen.tsx';
import { LookalikeScreen } from './lookalike/LookalikeScreen.tsx';
import { PeopleScreen } from './people/PeopleScreen.tsx';
import { SettingsProvider } from './settings/SettingsContext.tsx';
import { SettingsScreen } from './settings/SettingsScreen.tsx';

const SCREENS = [
  { id: 'identify', title: 'Identify', Screen: IdentifyScreen },
  { id: 'enroll', title: 'Enroll', Screen: EnrollScreen },
  { id: 'lookalike', title: 'Lookalike', Screen: LookalikeScreen },
  { id: 'compare', title: 'Compare', Screen: CompareScreen },
  { id: 'people', title: 'People', Screen: PeopleScreen },
  { id: 'faces', title: 'Faces', Screen: FacesScreen },
  { id: 'settings', title: 'Settings', Screen: SettingsScreen },
] as const;

type ScreenId = (typeof SCREENS)[number]['id'];

function screenFromHash(): ScreenId {
  const id = window.location.hash.replace(/^#\/?/, '');
  return SCREENS.find((s) => s.id === id)?.id ?? 'identify';
}

function useHashScreen(): ScreenId {
  const [screen, setScreen] = useState<ScreenId>(screenFromHash);
  useEffect(() => {
    const onChange = () => setScreen(screenFromHash());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return screen;
}

export function App() {
  const current = useHashScreen();
  const active = SCREENS.find((s) => s.id === current) ?? SCREENS[0];
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    document.title = `${active.title} · Faceprint`;
  }, [active.title]);

  return (
    <SettingsProvider>
      <EngineProvider>
        <div className="app">
          {/* Past the brand and six screen links. Focused by script: following #main would change the screen's hash route. */}
          <a
            className="skip-link"
            href="#main"
            onClick={(event) => {
              event.preventDefault();
              main.current?.focus();
            }}
          >
            Skip to main content
          </a>
          <header className="app-header">
            <a className="brand" href="#/identify">
              <span className="brand-mark" aria-hidden="true" />
              Faceprint
            </a>
            <nav aria-label="Screens">
              <ul>
                {SCREENS.map((s) => (
                  <li key={s.id}>
                    <a href={`#/${s.id}`} aria-current={s.id === current ? 'page' : undefined}>
                      {s.title}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <EngineStatus />
          </header>
          <main className="screen" id="main" ref={main} tabIndex={-1}>
            <active.Screen />
          </main>
          <footer className="app-footer">Runs entirely in your browser: no photo, face or embedding leaves this device.</footer>
        </div>
      </EngineProvider>
    </SettingsProvider>
  );
}
