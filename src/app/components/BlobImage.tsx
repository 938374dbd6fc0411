import { useEffect, useState, type ImgHTMLAttributes } from 'react';

/** An <img> of a Blob (thumbnails from the gallery), releasing its object URL when done. */
export function BlobImage({
  blob,
  alt,
  ...rest
}: { readonly blob: Blob | null; readonly alt: string } & Omit<ImgHTMLAttributes<HTMLImageElement>, 'src' | 'alt'>) {
  const url = useObjectUrl(blob);
  if (!url) return <span className={`blob-placeholder ${rest.className ?? ''}`} role="img" aria-label={alt} />;
  return <img {...rest} src={url} alt={alt} />;
}

export function useObjectUrl(blob: Blob | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) {
      // An object URL is an external resource: made and revoked with the blob it shows.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setUrl(null);
      return;
    }
    const u = URL.createObjectURL(blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [blob]);
  return url;
}
