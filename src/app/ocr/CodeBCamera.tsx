import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { CalendarDate } from '../../cards/mynumber/wareki';
import type { OcrMessageKey } from '../i18n/ocr-catalogue';
import { useOcrT } from '../i18n/use-ocr-i18n';
import { useLanguage } from '../i18n/use-i18n';
import { CameraOcr, type CameraOcrOptions, type CameraOcrStatus } from './camera-ocr';
import type { CardRegions } from './card-geometry';
import type { CodeBCameraValues, PlausibilityOptions } from './code-b-plausibility';
import type { FieldRecognizer } from './recognizer';
import './code-b-camera.css';

/**
 * Reads 照合番号B's digits from the front of the card with the camera, on this device only, and
 * hands them over only after staff have compared them with the card and pressed the confirm
 * button. While it is shown the camera runs; it stops (every track) as soon as the digits are
 * read, on cancel, and when the component unmounts (the kiosk's idle wipe included).
 *
 * Usage: `<CodeBCamera onConfirmed={(v) => fill(v.birthDate.era, v.birthDate.yymmdd, …)} onCancel={close} />`.
 */
export interface CodeBCameraProps {
  /** Staff confirmed these digits. SENSITIVE (照合番号B): use them, never log or store them. */
  readonly onConfirmed: (values: CodeBCameraValues) => void;
  /** Staff closed the camera (to type the digits instead). */
  readonly onCancel: () => void;
  /** The date plausibility is judged against (default: today on this device). */
  readonly today?: CalendarDate;
  /** Plausibility settings (see code-b-plausibility.ts). */
  readonly plausibility?: Omit<PlausibilityOptions, 'today'>;
  /** Where on the card the items are printed (UNCONFIRMED layout; see card-geometry.ts). */
  readonly regions?: CardRegions;
  /** Level of this section's heading in the host screen (default 2); the review's is one lower. */
  readonly headingLevel?: 2 | 3 | 4;
  /** For tests only: another recognition engine. */
  readonly createRecognizer?: () => Promise<FieldRecognizer>;
}

function localToday(): CalendarDate {
  const d = new Date();
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

export function CodeBCamera({ onConfirmed, onCancel, today, plausibility, regions, headingLevel = 2, createRecognizer }: CodeBCameraProps) {
  const Heading = `h${headingLevel}` as 'h2' | 'h3' | 'h4';
  const t = useOcrT();
  const headingId = useId();
  const videoRef = useRef<HTMLVideoElement>(null);
  const ocrRef = useRef<CameraOcr | undefined>(undefined);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const [status, setStatus] = useState<CameraOcrStatus>({ kind: 'starting' });

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return undefined;
    const options: CameraOcrOptions = {
      ...plausibility,
      today: today ?? localToday(),
      ...(regions ? { regions } : {}),
      ...(createRecognizer ? { createRecognizer } : {}),
    };
    const ocr = new CameraOcr(video, setStatus, options);
    ocrRef.current = ocr;
    void ocr.start();
    headingRef.current?.focus();
    return () => {
      ocr.dispose();
      ocrRef.current = undefined;
    };
    // Started once per mount: props are settings, not live inputs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (status.kind === 'ready') confirmRef.current?.focus();
  }, [status.kind]);

  const again = useCallback(() => void ocrRef.current?.start(), []);
  const cancel = useCallback(() => {
    ocrRef.current?.dispose();
    onCancel();
  }, [onCancel]);
  const confirm = useCallback(() => {
    if (status.kind !== 'ready') return;
    ocrRef.current?.dispose();
    onConfirmed(status.values);
  }, [status, onConfirmed]);

  const liveText = statusText(status, t);
  const scanning = status.kind === 'starting' || status.kind === 'scanning';

  return (
    <section className="code-b-camera" aria-labelledby={headingId}>
      <Heading id={headingId} ref={headingRef} tabIndex={-1}>
        {t('ocr.heading')}
      </Heading>
      <p className="code-b-camera-lead">{t('ocr.lead')}</p>
      <p className="code-b-camera-privacy">{t('ocr.privacy')}</p>
      <div className="code-b-camera-view" hidden={!scanning}>
        <video ref={videoRef} muted playsInline aria-label={t('ocr.video')} data-testid="ocr-video" />
        <div className="code-b-camera-guide" aria-hidden="true" />
      </div>
      <p role="status" aria-live="polite" className="code-b-camera-status" data-testid="ocr-status">
        {liveText}
      </p>
      {status.kind === 'ready' && <Review values={status.values} level={headingLevel + 1} />}
      <div className="code-b-camera-actions">
        {status.kind === 'ready' && (
          <button type="button" ref={confirmRef} className="button button-primary" onClick={confirm} data-testid="ocr-confirm">
            {t('ocr.confirm')}
          </button>
        )}
        {(status.kind === 'ready' || status.kind === 'error') && (
          <button type="button" className="button button-secondary" onClick={again}>
            {status.kind === 'ready' ? t('ocr.again') : t('ocr.retry')}
          </button>
        )}
        <button type="button" className="button button-quiet" onClick={cancel}>
          {t('ocr.cancel')}
        </button>
      </div>
    </section>
  );
}

function statusText(status: CameraOcrStatus, t: ReturnType<typeof useOcrT>): string {
  switch (status.kind) {
    case 'starting':
      return t('ocr.status.starting');
    case 'scanning':
      if (status.hint === 'reading') return t('ocr.status.reading', { done: status.settled.length });
      return t(`ocr.status.${status.hint}` as OcrMessageKey);
    case 'ready':
      return t('ocr.status.ready');
    case 'error':
      return t(`ocr.error.${status.reason}`);
  }
}

function Review({ values, level }: { readonly values: CodeBCameraValues; readonly level: number }) {
  const Heading = `h${level}` as 'h3' | 'h4' | 'h5';
  const t = useOcrT();
  const language = useLanguage();
  const b = values.birthDate;
  // The card prints 元 for an era's first year; English says 1.
  const year = b.eraYear === 1 && language === 'ja' ? '元' : b.eraYear;
  const birth = t('ocr.date.wareki', { era: t(`ocr.era.${b.era}`), year, month: b.month, day: b.day });
  const codeB = `${values.codeB.slice(0, 6)} ${values.codeB.slice(6, 10)} ${values.codeB.slice(10)}`;
  return (
    <div className="code-b-camera-review" data-testid="ocr-review">
      <Heading>{t('ocr.review.heading')}</Heading>
      <dl>
        <div>
          <dt>{t('ocr.review.birthDate')}</dt>
          <dd data-testid="ocr-birth-date">
            {birth}
            <span className="code-b-camera-iso">{t('ocr.date.gregorian', { iso: b.iso })}</span>
          </dd>
        </div>
        <div>
          <dt>{t('ocr.review.expiryYear')}</dt>
          <dd data-testid="ocr-expiry-year">{values.expiry.year}</dd>
        </div>
        <div>
          <dt>{t('ocr.review.securityCode')}</dt>
          <dd data-testid="ocr-security-code">{values.securityCode}</dd>
        </div>
        <div>
          <dt>{t('ocr.review.codeB')}</dt>
          <dd data-testid="ocr-code-b" className="code-b-camera-digits">
            {codeB}
          </dd>
        </div>
      </dl>
      {b.printed === 'western' && <p>{t('ocr.review.westernNote')}</p>}
    </div>
  );
}
