import { useEffect, useState } from 'react';
import { MODEL_LIST, type ModelEntry, type ModelRole } from '../models.ts';

type ModelStatus =
  | { readonly state: 'checking' }
  | { readonly state: 'ok' }
  | { readonly state: 'missing'; readonly reason: string };

const CHECKING: ModelStatus = { state: 'checking' };

function modelUrl(entry: ModelEntry): string {
  return `${import.meta.env.BASE_URL}models/${entry.file}`;
}

/**
 * Asks the server for one model file. A dev server answers unknown paths with index.html (SPA
 * fallback), so an HTML response or a wrong Content-Length also counts as missing.
 */
async function probeModel(entry: ModelEntry, signal: AbortSignal): Promise<ModelStatus> {
  const url = modelUrl(entry);
  try {
    let response = await fetch(url, { method: 'HEAD', cache: 'no-store', signal });
    if (response.status === 405 || response.status === 501) {
      response = await fetch(url, { cache: 'no-store', signal });
      await response.body?.cancel();
    }
    if (!response.ok) return { state: 'missing', reason: `HTTP ${response.status}` };
    if (response.headers.get('content-type')?.includes('text/html')) {
      return { state: 'missing', reason: 'the server answered with an HTML page' };
    }
    const length = response.headers.get('content-length');
    if (length !== null && Number(length) !== entry.size) {
      return { state: 'missing', reason: `expected ${entry.size} bytes, got ${length}` };
    }
    return { state: 'ok' };
  } catch (error) {
    return { state: 'missing', reason: error instanceof Error ? error.message : String(error) };
  }
}

function formatBytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function App() {
  const isolated = window.crossOriginIsolated;
  const [statuses, setStatuses] = useState<Partial<Record<ModelRole, ModelStatus>>>({});

  useEffect(() => {
    const controller = new AbortController();
    for (const entry of MODEL_LIST) {
      void probeModel(entry, controller.signal).then((status) => {
        if (controller.signal.aborted) return;
        setStatuses((previous) => ({ ...previous, [entry.role]: status }));
      });
    }
    return () => controller.abort();
  }, []);

  return (
    <main className="app">
      <header>
        <h1>Faceprint</h1>
        <p className="lead">
          Face recognition that runs entirely in your browser. The app is coming soon; for now this page
          checks that the browser and the server are ready for it.
        </p>
      </header>

      <section aria-labelledby="environment-heading">
        <h2 id="environment-heading">Environment</h2>
        <dl className="facts">
          <dt>Cross-origin isolated</dt>
          <dd>
            <span data-testid="isolation" data-state={isolated ? 'yes' : 'no'} className={isolated ? 'good' : 'bad'}>
              {isolated ? 'yes' : 'no'}
            </span>
            {!isolated && (
              <span className="detail"> (multi-threaded WebAssembly is unavailable: serve with COOP/COEP headers)</span>
            )}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="models-heading">
        <h2 id="models-heading">Models</h2>
        <table className="models" aria-describedby="models-note">
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">File</th>
              <th scope="col">Size</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody aria-live="polite">
            {MODEL_LIST.map((entry) => {
              const status = statuses[entry.role] ?? CHECKING;
              return (
                <tr key={entry.role}>
                  <th scope="row">{entry.role}</th>
                  <td>
                    <code>{entry.file}</code>
                  </td>
                  <td>{formatBytes(entry.size)}</td>
                  <td>
                    <span
                      data-testid={`model-${entry.role}`}
                      data-state={status.state}
                      className={status.state === 'ok' ? 'good' : status.state === 'missing' ? 'bad' : 'pending'}
                    >
                      {status.state}
                    </span>
                    {status.state === 'missing' && <span className="detail"> ({status.reason})</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p id="models-note" className="note">
          Models are served from <code>/models/</code>; <code>npm install</code> (or <code>npm run models</code>) puts
          them there.
        </p>
      </section>
    </main>
  );
}
