/**
 * One face shown in its whole photo with its box drawn, in a modal <dialog>: Escape or Close shuts
 * it, and focus goes back to the face that opened it.
 */
import { useEffect, useId, useRef } from 'react';
import { useObjectUrl } from '../components/BlobImage.tsx';
import { Annotated } from '../components/FaceOverlay.tsx';
import { fileName, type FoundFace } from './foundFace.ts';

export function FacePhotoDialog({
  face,
  returnFocus,
  onClose,
}: {
  readonly face: FoundFace;
  readonly returnFocus: HTMLElement | null;
  readonly onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const url = useObjectUrl(face.photo.file);
  const { photo } = face;
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => {
      element?.close();
      returnFocus?.focus();
    };
  }, [returnFocus]);
  return (
    <dialog
      ref={dialog}
      className="faces-photo-dialog"
      aria-labelledby={titleId}
      data-testid="faces-photo-dialog"
      onCancel={(event) => {
        // Escape: the parent unmounts the dialog, which closes it and puts focus back.
        event.preventDefault();
        onClose();
      }}
    >
      <div className="faces-photo-head">
        <h2 id={titleId}>{fileName(photo.path)}</h2>
        <button type="button" onClick={onClose} data-testid="faces-photo-close">
          Close
        </button>
      </div>
      <p className="muted">{photo.path}</p>
      <Annotated width={photo.width} height={photo.height} faces={[{ box: face.box, label: '', tone: 'known' }]}>
        {url ? (
          <img src={url} alt={`${fileName(photo.path)}, the face boxed`} style={{ aspectRatio: `${photo.width} / ${photo.height}` }} />
        ) : (
          <div className="faces-photo-placeholder" style={{ aspectRatio: `${photo.width} / ${photo.height}` }} />
        )}
      </Annotated>
    </dialog>
  );
}
