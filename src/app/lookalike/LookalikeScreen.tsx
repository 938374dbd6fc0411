/**
 * Celebrity lookalike: build a separate 'celebrities' gallery from a folder of photos, then find the
 * five celebrities closest to a selfie, and share the best one as a PNG card. All on this device.
 */
import { useSettings } from '../settings/SettingsContext.tsx';
import { CelebrityGallery } from './CelebrityGallery.tsx';
import { FindLookalike } from './FindLookalike.tsx';
import './lookalike.css';
import { useCelebrityGallery } from './useCelebrityGallery.ts';
import { useCelebrityImport } from './useCelebrityImport.ts';
import { useLookalike } from './useLookalike.ts';

export function LookalikeScreen() {
  const { settings } = useSettings();
  const gallery = useCelebrityGallery();
  const importer = useCelebrityImport();
  const lookalike = useLookalike();
  const galleryEmpty = gallery.people !== null && gallery.people.length === 0;

  return (
    <section aria-labelledby="lookalike-heading" className="lookalike">
      <h1 id="lookalike-heading">Lookalike</h1>
      <p className="lead">
        Which celebrity do you look like? Build a gallery of celebrity photos, then take a selfie or drop a photo of yourself. Nothing
        leaves this device.
      </p>
      <div className="lookalike-layout">
        <CelebrityGallery gallery={gallery} importer={importer} />
        <FindLookalike lookalike={lookalike} galleryEmpty={galleryEmpty} settings={settings} />
      </div>
    </section>
  );
}
