import type { ReactNode } from 'react';
import type { ResidenceCardReport } from '../../../documents/residence-card/residence-card-report';
import { periodOfStayText, RESIDENCE_CARD_KIND_TITLES, residenceFieldsFor, type ResidenceFieldSpec } from '../../../documents/residence-card/residence-card-fields';
import { usePick, useLanguage, useT, type Translate } from '../../i18n/use-i18n';
import type { Language } from '../../i18n/catalogue';
import { ageOn, eraDate, revealControls, westernDate } from '../../screens/result/display';
import { TiffImage } from './TiffImage';

type Residence = ResidenceCardReport['attributes']['residence'];
type Pick = <T>(pair: { readonly ja: T; readonly en: T }) => T;

/** Fields the confirmation screen keeps beside the staff questions (what the printed card shows). */
const COMPACT_FIELDS = new Set(['birthDate', 'nationality', 'statusOfResidence', 'stayExpiry', 'cardExpiry', 'address']);

function DateValue({ iso, language, t }: { readonly iso: string; readonly language: Language; readonly t: Translate }) {
  const era = eraDate(iso, language);
  return (
    <>
      <span className="nowrap">{westernDate(iso, language)}</span>
      {era && <span className="nowrap detail-era">{t('result.birthDateEra', { wareki: era })}</span>}
    </>
  );
}

function ChipText({ text }: { readonly text: string }) {
  const t = useT();
  const shown = revealControls(text);
  return (
    <>
      {/* Card data is Japanese or romanised whatever the UI language (WCAG 3.1.2). */}
      <span className="detail-text" lang="ja">
        {shown.text}
      </span>
      {shown.count > 0 && <span className="detail-warning">{t('result.controlChars', { count: shown.count })}</span>}
    </>
  );
}

/** One value as the field's format says (codes as stored: their tables are not published, UNCONFIRMED). */
function value(spec: ResidenceFieldSpec, v: unknown, t: Translate, pick: Pick, language: Language): ReactNode {
  if (typeof v === 'boolean') return t(v ? 'common.yes' : 'common.no');
  if (typeof v !== 'string') return null;
  switch (spec.format) {
    case 'date':
      return <DateValue iso={v} language={language} t={t} />;
    case 'sex':
      return t(v === 'male' ? 'sex.male' : v === 'female' ? 'sex.female' : 'rc.sexNotStated');
    case 'period-of-stay': {
      const words = periodOfStayText(v);
      return words ? pick(words) : <span className="detail-code">{v}</span>;
    }
    case 'code':
      return <span className="detail-code">{v}</span>;
    default:
      return <ChipText text={v} />;
  }
}

function NotSigned() {
  const t = useT();
  return (
    <span className="unsigned-mark" data-testid="unsigned-mark">
      {t('rc.notSigned')}
    </span>
  );
}

/**
 * A residence card or special permanent resident certificate as a clerk knows it: the kind and
 * generation, the card number, the signed front image (gen 1) or name image and text (gen 2)
 * large enough to compare with the card in hand (tap to zoom), the 住居地 and permissions with a
 * "not covered by the signature" mark, dates in both calendars. Only what was read is shown.
 */
export function ResidenceDetails({ report, at, compact }: { readonly report: ResidenceCardReport; readonly at: Date; readonly compact?: boolean }) {
  const t = useT();
  const pick = usePick();
  const language = useLanguage();
  const { generation, cardKind, residence, birthDate } = report.attributes;
  const { images } = report;
  const fields = residenceFieldsFor(generation, cardKind).filter((f) => !compact || COMPACT_FIELDS.has(f.key));
  const age = birthDate ? ageOn(birthDate, at) : undefined;
  const headingId = compact ? 'confirm-details-heading' : 'details-heading';
  const cardNumber = report.material.cardNumber;

  return (
    <section className={`details details-residence ${compact ? 'details-compact' : ''}`} aria-labelledby={headingId}>
      <h2 id={headingId} className="details-heading">
        {t('rc.heading', { kind: pick(RESIDENCE_CARD_KIND_TITLES[cardKind]), generation })}
      </h2>
      {images.frontImageTiff && (
        <figure className="rc-front" data-testid="rc-front-image">
          <TiffImage tiff={images.frontImageTiff} alt={t('rc.frontImage')} kind="front" />
          <figcaption className="field-hint">{t('rc.frontImageNote')}</figcaption>
        </figure>
      )}
      <dl className="detail-grid">
        {cardNumber !== undefined && (
          <div className="detail-row" data-testid="detail-card-number">
            <dt>{t('cred.name.cardNumber')}</dt>
            <dd>
              <span className="detail-code">{cardNumber}</span>
            </dd>
          </div>
        )}
        {images.nameImageTiff && (
          <div className="detail-row detail-wide detail-name-row" data-testid="detail-name">
            <dt>{t('result.name')}</dt>
            <dd>
              <span className="detail-image" data-testid="detail-name-image">
                <TiffImage tiff={images.nameImageTiff} alt={t('result.nameImage')} kind="name" />
              </span>
            </dd>
          </div>
        )}
        {images.addressImageTiff && fields.every((f) => f.key !== 'address') && (
          <div className="detail-row detail-wide detail-address-row" data-testid="detail-address">
            <dt>{t('result.address')}</dt>
            <dd>
              <span className="detail-image" data-testid="detail-address-image">
                <TiffImage tiff={images.addressImageTiff} alt={t('result.addressImage')} kind="address" />
              </span>
              <NotSigned />
            </dd>
          </div>
        )}
        {fields.map((f) => {
          const sourced = (residence as Residence)[f.key] as { readonly value: unknown; readonly signed: boolean } | undefined;
          // 住居地 on gen 2 is an image, not text.
          if (f.key === 'address' && !sourced && images.addressImageTiff) {
            return (
              <div key={f.key} className="detail-row detail-wide detail-address-row" data-testid="detail-address">
                <dt>{pick(f.label)}</dt>
                <dd>
                  <span className="detail-image" data-testid="detail-address-image">
                    <TiffImage tiff={images.addressImageTiff} alt={t('result.addressImage')} kind="address" />
                  </span>
                  <NotSigned />
                </dd>
              </div>
            );
          }
          if (!sourced) return null;
          const wide = f.format === 'text' || f.format === 'text-or-flag';
          return (
            <div key={f.key} className={`detail-row ${wide ? 'detail-wide' : ''}`} data-testid={`rc-${f.key}`} data-signed={sourced.signed}>
              <dt>{pick(f.label)}</dt>
              <dd>
                {value(f, sourced.value, t, pick, language)}
                {!sourced.signed && <NotSigned />}
              </dd>
            </div>
          );
        })}
        {age !== undefined && !compact && (
          <div className="detail-row" data-testid="detail-age">
            <dt>{t('result.age')}</dt>
            <dd>{t('result.ageValue', { n: age })}</dd>
          </div>
        )}
      </dl>
      {generation === 1 && !compact && <p className="field-hint">{t('rc.gen1Note')}</p>}
    </section>
  );
}
