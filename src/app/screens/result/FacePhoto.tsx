import { useEffect, useRef, useState } from 'react';
import { errorCode } from '../../error-code';
import { useT } from '../../i18n/use-i18n';
import { DetailsFold } from '../common/DetailsFold';

type PhotoState = { readonly phase: 'decoding' | 'shown' } | { readonly phase: 'failed'; readonly code: string };

/**
 * The chip's face photo (JPEG 2000, decoded in a worker) drawn on a canvas. The decoded pixels
 * are zeroed once drawn, and the canvas is cleared when the photo leaves the screen. When it
 * cannot be shown, it says so in plain words (the code only in a 詳細 fold) and tells the screen
 * (`onDisplay`), which turns the verdict amber and asks for the printed photo instead.
 */
export function FacePhoto({ jp2, jpeg, className, onDisplay }: { readonly jp2?: Uint8Array | undefined; readonly jpeg?: Uint8Array | undefined; readonly className?: string; readonly onDisplay?: (phase: PhotoState['phase']) => void }) {
  const t = useT();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<PhotoState>({ phase: 'decoding' });
  const report = useRef(onDisplay);
  report.current = onDisplay;

  useEffect(() => {
    report.current?.(state.phase);
  }, [state.phase]);

  // A baseline JPEG (a passport's DG2 may hold one): the browser decodes it from a Blob URL, revoked
  // when the photo leaves the screen.
  const [jpegUrl, setJpegUrl] = useState<string>();
  useEffect(() => {
    if (!jpeg) return;
    const url = URL.createObjectURL(new Blob([jpeg.slice()], { type: 'image/jpeg' }));
    setJpegUrl(url);
    return () => {
      URL.revokeObjectURL(url);
      setJpegUrl(undefined);
    };
  }, [jpeg]);

  useEffect(() => {
    if (!jp2) return;
    const canvas = canvasRef.current;
    let cancelled = false;
    let photo: typeof import('../../photo') | undefined;
    void (async () => {
      try {
        photo = await import('../../photo');
        const decoded = await photo.decodeJp2(jp2);
        try {
          if (!cancelled && canvas) {
            photo.photoToCanvas(canvas, decoded);
            setState({ phase: 'shown' });
          }
        } finally {
          photo.wipeDecodedPhoto(decoded);
        }
      } catch (e) {
        if (!cancelled) setState({ phase: 'failed', code: errorCode(e, 'photo-decode-failed') });
      }
    })();
    return () => {
      cancelled = true;
      if (canvas && photo) photo.clearPhotoCanvas(canvas);
    };
  }, [jp2]);

  return (
    <div className={`face-photo ${className ?? ''}`}>
      {jpeg ? (
        jpegUrl && <img src={jpegUrl} alt={t('result.photoAlt')} data-testid="face-photo" className="face-photo-jpeg" hidden={state.phase !== 'shown'} onLoad={() => setState({ phase: 'shown' })} onError={() => setState({ phase: 'failed', code: 'photo-decode-failed' })} />
      ) : (
        <canvas ref={canvasRef} role="img" aria-label={t('result.photoAlt')} data-testid="face-photo" hidden={state.phase !== 'shown'} />
      )}
      {state.phase === 'decoding' && <p className="face-photo-status">{t('result.photoLoading')}</p>}
      {state.phase === 'failed' && (
        <div className="face-photo-status face-photo-failed" data-testid="photo-failed">
          <p>{t('result.photoError')}</p>
          <DetailsFold summary={t('common.details')}>
            <code>{state.code}</code>
          </DetailsFold>
        </div>
      )}
    </div>
  );
}
