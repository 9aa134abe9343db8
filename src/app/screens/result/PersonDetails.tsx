import type { ReactNode } from 'react';
import type { MyNumberAttributes as VerifiedAttributes, MyNumberImages as ReportImages } from '../../../documents/mynumber/mynumber-report';
import { useLanguage, useT } from '../../i18n/use-i18n';
import { CardImage } from './CardImage';
import { ageOn, eraDate, revealControls, westernDate } from './display';

function Row({ label, children, testId }: { readonly label: string; readonly children: ReactNode; readonly testId: string }) {
  return (
    <div className="detail-row" data-testid={testId}>
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
 * What the chip says about the person: name and address as text and as the card-face images,
 * birth date in both calendars, age, sex and the card's expiry. Only what was read is shown.
 */
export function PersonDetails({ attributes, images, at }: { readonly attributes: VerifiedAttributes; readonly images: ReportImages; readonly at: Date }) {
  const t = useT();
  const language = useLanguage();
  const { name, address, birthDate, sex, cardExpiry } = attributes;
  const age = birthDate ? ageOn(birthDate, at) : undefined;
  const era = birthDate ? eraDate(birthDate, language) : undefined;

  return (
    <section className="details" aria-labelledby="details-heading">
      <h2 id="details-heading">{t('result.details')}</h2>
      <dl className="detail-list">
        {name !== undefined && (
          <Row label={t('result.name')} testId="detail-name">
            <span className="detail-name" data-testid="holder-name">
              <SafeText text={name} />
            </span>
          </Row>
        )}
        {images.nameImagePng && (
          <Row label={t('result.nameImage')} testId="detail-name-image">
            <CardImage png={images.nameImagePng} alt={t('result.nameImage')} />
          </Row>
        )}
        {address !== undefined && (
          <Row label={t('result.address')} testId="detail-address">
            <SafeText text={address} />
          </Row>
        )}
        {images.addressImagePng && (
          <Row label={t('result.addressImage')} testId="detail-address-image">
            <CardImage png={images.addressImagePng} alt={t('result.addressImage')} />
          </Row>
        )}
        {birthDate !== undefined && (
          <Row label={t('result.birthDate')} testId="detail-birth-date">
            {era ? t('result.birthDateValue', { western: westernDate(birthDate, language), wareki: era }) : westernDate(birthDate, language)}
          </Row>
        )}
        {age !== undefined && (
          <Row label={t('result.age')} testId="detail-age">
            {t('result.ageValue', { n: age })}
          </Row>
        )}
        {sex !== undefined && (
          <Row label={t('result.sex')} testId="detail-sex">
            {t(`sex.${sex}`)}
          </Row>
        )}
        {cardExpiry !== undefined && (
          <Row label={t('result.expiry')} testId="detail-expiry">
            {westernDate(cardExpiry, language)}
          </Row>
        )}
      </dl>
    </section>
  );
}
