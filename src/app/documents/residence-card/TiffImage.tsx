import { useEffect, useState } from 'react';
import { decodeBilevelTiff } from '../../../imaging/tiff';
import { useT } from '../../i18n/use-i18n';
import { CardImage } from '../../screens/result/CardImage';

/** A bilevel image (0 ink, 255 paper) as PNG bytes, drawn by the browser's own encoder. */
async function toPng(width: number, height: number, pixels: Uint8Array): Promise<Uint8Array> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas');
  const rgba = new ImageData(width, height);
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    rgba.data[i * 4] = v;
    rgba.data[i * 4 + 1] = v;
    rgba.data[i * 4 + 2] = v;
    rgba.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(rgba, 0, 0);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('png encoding failed');
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * A card image the chip holds as a TIFF (CCITT G4: the gen-1 front image, the gen-2 name and
 * 住居地 images), decoded by imaging/tiff (every offset checked; the images are small, so on the
 * main thread), shown with zoom like the My Number Card's card-face images. A damaged image says
 * so instead of showing nothing.
 */
export function TiffImage({ tiff, alt, kind }: { readonly tiff: Uint8Array; readonly alt: string; readonly kind: 'name' | 'address' | 'front' }) {
  const t = useT();
  const [png, setPng] = useState<Uint8Array | 'failed' | undefined>();
  useEffect(() => {
    let live = true;
    setPng(undefined);
    (async () => {
      try {
        const img = decodeBilevelTiff(tiff);
        const bytes = await toPng(img.width, img.height, img.pixels);
        if (live) setPng(bytes);
      } catch {
        if (live) setPng('failed');
      }
    })();
    return () => {
      live = false;
    };
  }, [tiff]);
  if (png === undefined) return <span className="field-hint">{t('result.photoLoading')}</span>;
  if (png === 'failed') return <span className="detail-warning" data-testid="card-image-failed">{t('rc.imageFailed', { what: alt })}</span>;
  return <CardImage png={png} alt={alt} kind={kind} />;
}
