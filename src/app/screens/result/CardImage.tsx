import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/use-i18n';

/**
 * A PNG from the card face (name or address as printed) shown through an object URL that is
 * revoked as soon as the image leaves the screen. Shown at a readable size; a tap opens it
 * larger (zoom) in a dialog, for comparing it stroke by stroke with the printed card.
 */
export function CardImage({ png, alt, kind }: { readonly png: Uint8Array; readonly alt: string; readonly kind: 'name' | 'address' | 'front' }) {
  const t = useT();
  const [url, setUrl] = useState<string | undefined>();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const u = URL.createObjectURL(new Blob([png.slice()], { type: 'image/png' }));
    setUrl(u);
    return () => {
      URL.revokeObjectURL(u);
      setUrl(undefined);
    };
  }, [png]);
  if (!url) return null;
  return (
    <>
      <button type="button" className={`card-image-button card-image-${kind}`} onClick={() => dialog.current?.showModal()} aria-label={t('result.zoom', { what: alt })}>
        <img className="card-image" src={url} alt={alt} data-testid="card-image" />
        <span className="zoom-hint" aria-hidden="true">
          {t('result.zoomHint')}
        </span>
      </button>
      <dialog ref={dialog} className="zoom-dialog" aria-label={alt} onClick={(e) => e.target === dialog.current && dialog.current?.close()}>
        <img className="card-image-zoomed" src={url} alt={alt} data-testid="card-image-zoomed" />
        <button type="button" className="button button-primary" onClick={() => dialog.current?.close()} autoFocus>
          {t('common.close')}
        </button>
      </dialog>
    </>
  );
}
