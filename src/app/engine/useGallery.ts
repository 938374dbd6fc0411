import { useEffect, useState } from 'react';
import { errorMessage } from '../../core/text.ts';
import type { GalleryKind, PersonSummary } from '../../worker/api.ts';
import { useEngine } from './EngineContext.tsx';

/** The people of a gallery, reloaded whenever it changes. */
export function useGallery(kind: GalleryKind): { readonly people: readonly PersonSummary[] | null; readonly error: string | null } {
  const { api, galleryVersion } = useEngine();
  const version = galleryVersion[kind];
  const [people, setPeople] = useState<readonly PersonSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!api) return;
    let live = true;
    api.listPeople(kind).then(
      (list) => {
        if (!live) return;
        setPeople(list);
        setError(null);
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [api, kind, version]);
  return { people, error };
}
