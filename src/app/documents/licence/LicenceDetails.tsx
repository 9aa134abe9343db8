import type { ReactNode } from 'react';
import type { LicenceReport } from '../../../documents/licence/licence-report';
import type { DualDate } from '../../../verify/licence/licence-attributes';
import type { Language } from '../../i18n/catalogue';
import { useLanguage, usePick, useT } from '../../i18n/use-i18n';
import { ageOn, westernDate } from '../../screens/result/display';
import { LicenceTextView } from './LicenceTextView';

/** 2029年3月17日（令和11年3月17日） / Reiwa 11 (2029) Mar 17: both calendars. */
function Dual({ date, language }: { readonly date: DualDate; readonly language: Language }) {
  return language === 'ja' ? (
    <>
      <span className="nowrap">{westernDate(date.iso, language)}</span>
      <span className="nowrap detail-era">（{date.ja}）</span>
    </>
  ) : (
    <span className="nowrap">{date.en}</span>
  );
}

function Row({ label, testId, wide, children }: { readonly label: string; readonly testId: string; readonly wide?: boolean; readonly children: ReactNode }) {
  return (
    <div className={`detail-row ${wide ? 'detail-wide' : ''}`} data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * The driver's licence as a clerk knows it: name (外字 drawn from the card and flagged), birth
 * date, the current address (latest change record) with the address as issued and each change
 * beside it, expiry with the colour category, classes, conditions, licence number; every date in
 * both calendars. On a マイナ免許証 the licence information only (no name, address or birth date:
 * the My Number Card path shows those). 本籍 is never read for these screens.
 */
export function LicenceDetails({ report, at, compact }: { readonly report: LicenceReport; readonly at: Date; readonly compact?: boolean }) {
  const t = useT();
  const pick = usePick();
  const language = useLanguage();
  const { licence, mynumberLicence } = report.attributes;
  const gaiji = report.images.gaiji;
  const headingId = compact ? 'confirm-details-heading' : 'details-heading';
  const info = licence ?? mynumberLicence;
  const age = licence ? ageOn(licence.birthDate, at) : undefined;

  return (
    <section className={`details details-licence ${compact ? 'details-compact' : ''}`} aria-labelledby={headingId}>
      <h2 id={headingId} className="details-heading">
        {t(report.attributes.variant === 'mynumber-card' ? 'dl.headingMnc' : 'dl.heading')}
      </h2>
      {!licence && mynumberLicence && <p className="notice notice-info">{t('dl.mncNoName')}</p>}
      <dl className="detail-grid">
        {licence && (
          <Row label={t('result.name')} testId="detail-name" wide>
            <span className="detail-name" data-testid="holder-name">
              <LicenceTextView text={licence.nameText} gaiji={gaiji} />
            </span>
            {licence.nameKana && <span className="detail-sub">{licence.nameKana}</span>}
            {licence.nameOriginal && (
              <span className="detail-sub" data-testid="name-original">
                {t('dl.nameOriginal')}
                <LicenceTextView text={licence.nameOriginal} gaiji={gaiji} />
              </span>
            )}
          </Row>
        )}
        {licence && (
          <Row label={t('result.birthDate')} testId="detail-birth-date">
            <Dual date={licence.birthDateShown} language={language} />
          </Row>
        )}
        {licence && (
          <Row label={t('dl.addressCurrent')} testId="detail-address" wide>
            <span className="detail-address" data-testid="holder-address">
              <LicenceTextView text={licence.addressText} gaiji={gaiji} />
            </span>
            {licence.addressChanges.length > 0 && (
              <span className="detail-sub" data-testid="address-original">
                {t('dl.addressOriginal')}
                <LicenceTextView text={licence.addressOriginal} gaiji={gaiji} />
              </span>
            )}
            {!compact &&
              licence.addressChanges.map((c, i) => (
                <span key={i} className="detail-sub" data-testid="address-change">
                  {t('dl.addressChange', { commission: c.commission })} <Dual date={c.date} language={language} />
                </span>
              ))}
          </Row>
        )}
        {info?.expiry && (
          <Row label={t('result.expiry')} testId="detail-expiry">
            <Dual date={info.expiry} language={language} />
            {info.colour && (
              <span className={`licence-colour licence-colour-${info.colour.kind}`} data-testid="licence-colour">
                {pick(info.colour)}
              </span>
            )}
          </Row>
        )}
        {info && (
          <Row label={t('dl.licenceNumber')} testId="detail-licence-number">
            <span className="detail-code">{info.licenceNumber ?? '—'}</span>
          </Row>
        )}
        {info && !compact && (
          <Row label={t('dl.classes')} testId="detail-classes" wide>
            {info.classes.length === 0 ? t('dl.none') : info.classes.map((c) => pick(c)).join(pick({ ja: '・', en: ', ' }))}
          </Row>
        )}
        {info && (
          <Row label={t('dl.conditions')} testId="detail-conditions" wide>
            {info.conditions.length === 0 ? t('dl.none') : info.conditions.join(pick({ ja: '、', en: '; ' }))}
          </Row>
        )}
        {licence && !compact && (
          <Row label={t('dl.issue')} testId="detail-issue">
            <Dual date={licence.issueDate} language={language} />
            <span className="detail-sub">{licence.publicSafetyCommission}</span>
          </Row>
        )}
        {age !== undefined && !compact && (
          <Row label={t('result.age')} testId="detail-age">
            {t('result.ageValue', { n: age })}
          </Row>
        )}
      </dl>
    </section>
  );
}
