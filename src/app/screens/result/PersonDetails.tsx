import type { ReactNode } from 'react';
import type { MyNumberAttributes as VerifiedAttributes, MyNumberImages as ReportImages } from '../../../documents/mynumber/mynumber-report';
import { useLanguage, useT } from '../../i18n/use-i18n';
import { CardImage } from './CardImage';
import { ageOn, eraDate, revealControls, westernDate } from './display';

function Row({ label, children, testId, className }: { readonly label: string; readonly children: ReactNode; readonly testId: string; readonly className?: string }) {
  return (
    <div className={`detail-row ${className ?? ''}`} data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Text read from the chip, with any text-reordering control characters made visible. */
function SafeText({ text }: { readonly text: string }) {
  const t = useT();
  const shown = revealControls(text);
  return (
    <>
      {/* Card data is Japanese whatever the UI language (WCAG 3.1.2). */}
      <span className="detail-text" lang="ja">
        {shown.text}
      </span>
      {shown.count > 0 && <span className="detail-warning">{t('result.controlChars', { count: shown.count })}</span>}
    </>
  );
}

/**
 * What the chip says about the person: name and address as text with the card-face images under
 * them (tap to zoom), birth date in both calendars, expiry, age and sex. Only what was read is
 * shown. `compact`: the confirmation screen's summary (same data, smaller type).
 */
export function PersonDetails({ attributes, images, at, compact }: { readonly attributes: VerifiedAttributes; readonly images: ReportImages; readonly at: Date; readonly compact?: boolean }) {
  const t = useT();
  const language = useLanguage();
  const { name, address, birthDate, sex, cardExpiry } = attributes;
  const age = birthDate ? ageOn(birthDate, at) : undefined;
  const era = birthDate ? eraDate(birthDate, language) : undefined;

  return (
    <section className={`details ${compact ? 'details-compact' : ''}`} aria-labelledby={compact ? 'confirm-details-heading' : 'details-heading'}>
      <h2 id={compact ? 'confirm-details-heading' : 'details-heading'} className="details-heading">
        {t('result.details')}
      </h2>
      <dl className="detail-grid">
        {(name !== undefined || images.nameImagePng) && (
          <Row label={t('result.name')} testId="detail-name" className="detail-wide detail-name-row">
            {name !== undefined && (
              <span className="detail-name" data-testid="holder-name">
                <SafeText text={name} />
              </span>
            )}
            {images.nameImagePng && (
              <span className="detail-image" data-testid="detail-name-image">
                <CardImage png={images.nameImagePng} alt={t('result.nameImage')} kind="name" />
              </span>
            )}
          </Row>
        )}
        {(address !== undefined || images.addressImagePng) && (
          <Row label={t('result.address')} testId="detail-address" className="detail-wide detail-address-row">
            {address !== undefined && (
              <span className="detail-address" data-testid="holder-address">
                <SafeText text={address} />
              </span>
            )}
            {images.addressImagePng && (
              <span className="detail-image" data-testid="detail-address-image">
                <CardImage png={images.addressImagePng} alt={t('result.addressImage')} kind="address" />
              </span>
            )}
          </Row>
        )}
        {birthDate !== undefined && (
          <Row label={t('result.birthDate')} testId="detail-birth-date" className="detail-birth-row">
            <span className="nowrap">{westernDate(birthDate, language)}</span>
            {era && <span className="nowrap detail-era">{t('result.birthDateEra', { wareki: era })}</span>}
          </Row>
        )}
        {cardExpiry !== undefined && (
          <Row label={t('result.expiry')} testId="detail-expiry" className="detail-expiry-row">
            <span className="nowrap">{westernDate(cardExpiry, language)}</span>
          </Row>
        )}
        {age !== undefined && (
          <Row label={t('result.age')} testId="detail-age" className="detail-age-row">
            {t('result.ageValue', { n: age })}
          </Row>
        )}
        {sex !== undefined && (
          <Row label={t('result.sex')} testId="detail-sex" className="detail-sex-row">
            {t(`sex.${sex}`)}
          </Row>
        )}
      </dl>
    </section>
  );
}
