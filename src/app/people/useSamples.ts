/** The samples of one person, reloaded whenever their gallery changes. */
import { useEffect, useState } from 'react';
import { useEngine } from '../engine/EngineContext.tsx';
import { errorMessage } from '../../core/text.ts';
import type { GalleryKind, SampleView } from '../../worker/api.ts';

interface Loaded {
  readonly personId: string;
  readonly samples: readonly SampleView[] | null;
  readonly error: string | null;
}

export function useSamples(
  personId: string,
  kind: GalleryKind,
): { readonly samples: readonly SampleView[] | null; readonly error: string | null } {
  const { api, galleryVersion } = useEngine();
  const version = galleryVersion[kind];
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    if (!api) return;
    let live = true;
    api.listSamples(personId).then(
      (samples) => live && setLoaded({ personId, samples, error: null }),
      (e: unknown) => live && setLoaded({ personId, samples: null, error: `The samples could not be loaded: ${errorMessage(e)}` }),
    );
    return () => {
      live = false;
    };
  }, [api, personId, version]);
  // Another person's list (still loading this one's) is never shown.
  return loaded?.personId === personId ? { samples: loaded.samples, error: loaded.error } : { samples: null, error: null };
}
