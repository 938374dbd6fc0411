/** Compare: are the faces in two photos the same person? */
import { matchSettings } from '../settings/settings.ts';
import './compare.css';
import { ComparePhoto } from './ComparePhoto.tsx';
import { CompareResult } from './CompareResult.tsx';
import { useCompare } from './useCompare.ts';

export function CompareScreen() {
  const { a, b, outcome, ready, settings } = useCompare();
  return (
    <section className="compare" aria-labelledby="compare-heading">
      <h1 id="compare-heading">Compare</h1>
      <p className="lead">Two photos, two faces: are they the same person? Nothing is saved; the photos stay on this device.</p>
      <div className="compare-sides">
        <ComparePhoto side={a} letter="A" ready={ready} />
        <ComparePhoto side={b} letter="B" ready={ready} />
      </div>
      <CompareResult outcome={outcome} faceA={a.face} faceB={b.face} settings={matchSettings(settings)} />
    </section>
  );
}
