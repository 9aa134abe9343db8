import { lazy, Suspense, useEffect, useRef, useState, type RefObject } from 'react';
import type { CodeBCameraValues } from '../../ocr/code-b-plausibility';
import { useOcrT } from '../../i18n/use-ocr-i18n';
import type { EraChoice } from './code-b-entry';
import type { CodeBFill } from './CodeBEntry';

// The camera reader (tesseract.js, its worker and model) is loaded only when staff open it, so
// the kiosk's first load stays small; the files are precached for offline use (pwa-config.ts).
const CodeBCamera = lazy(() => import('../../ocr/CodeBCamera').then((m) => ({ default: m.CodeBCamera })));

/** Brings the opened camera panel to the top of the screen, so its view and buttons are all visible above the action bar. */
function ScrollIntoView({ target }: { readonly target: RefObject<HTMLElement | null> }) {
  useEffect(() => {
    target.current?.scrollIntoView({ block: 'start' });
  }, [target]);
  return null;
}

/** What the entry boxes take from a camera read that staff confirmed (era picker + 6/4/4 boxes). */
export function partsFromCamera(values: CodeBCameraValues): Parameters<CodeBFill>[0] {
  const era: EraChoice | undefined = values.birthDate.era === 'meiji' ? undefined : values.birthDate.era;
  return { era, birth: values.birthDate.yymmdd, expiryYear: String(values.expiry.year).padStart(4, '0'), securityCode: values.securityCode };
}

/**
 * 「カメラで読み取る」 under the 照合番号B boxes (issue 11 §8): opens the on-device camera reader
 * (src/app/ocr/CodeBCamera); only the digits staff confirmed there go into the boxes, where they
 * can still be corrected before reading. The camera stops on confirm, cancel and unmount (the
 * component's own rule); nothing of the picture is kept. The entry is recorded as 'ocr'.
 */
export function CodeBCameraFiller({ fill, disabled }: { readonly fill: CodeBFill; readonly disabled?: boolean }) {
  const t = useOcrT();
  const [open, setOpen] = useState(false);
  const openerRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const close = () => {
    setOpen(false);
    // Back to where staff started; the digits are in the boxes above.
    requestAnimationFrame(() => openerRef.current?.focus());
  };
  if (!open) {
    return (
      <div className="camera-fill">
        <button type="button" ref={openerRef} className="button button-secondary camera-fill-open" onClick={() => setOpen(true)} disabled={disabled} data-testid="code-b-camera-open">
          {t('ocr.open')}
        </button>
      </div>
    );
  }
  return (
    <div ref={panelRef} className="camera-fill camera-fill-open-panel" data-testid="code-b-camera">
      <Suspense fallback={<p role="status">{t('ocr.status.starting')}</p>}>
        <CodeBCamera
          headingLevel={3}
          onCancel={close}
          onConfirmed={(values) => {
            fill(partsFromCamera(values));
            close();
          }}
        />
        {/* After the camera focused its heading (its effect runs first). */}
        <ScrollIntoView target={panelRef} />
      </Suspense>
    </div>
  );
}
