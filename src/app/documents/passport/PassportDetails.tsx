import type { ReactNode } from 'react';
import type { PassportReport } from '../../../documents/passport/passport-report';
import type { Language } from '../../i18n/catalogue';
import { useLanguage, useT, type Translate } from '../../i18n/use-i18n';
import { DetailsFold } from '../../screens/common/DetailsFold';
import { ageOn, eraDate, revealControls, westernDate } from '../../screens/result/display';
import './passport.css';

function Row({ label, testId, wide, children }: { readonly label: string; readonly testId: string; readonly wide?: boolean; readonly children: ReactNode }) {
  return (
    <div className={`detail-row ${wide ? 'detail-wide' : ''}`} data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function DateValue({ iso, language, t }: { readonly iso: string; readonly language: Language; readonly t: Translate }) {
  const era = eraDate(iso, language);
  return (
    <>
      <span className="nowrap">{westernDate(iso, language)}</span>
      {era && <span className="nowrap detail-era">{t('result.birthDateEra', { wareki: era })}</span>}
    </>
  );
}

/** Chip text (MRZ romanisation, DG11/DG12 in any script): shown as written, controls made visible. */
function ChipText({ text, lang }: { readonly text: string; readonly lang?: string }) {
  const t = useT();
  const shown = revealControls(text);
  return (
    <>
      <span className="detail-text" {...(lang ? { lang } : {})}>
        {shown.text}
      </span>
      {shown.count > 0 && <span className="detail-warning">{t('result.controlChars', { count: shown.count })}</span>}
    </>
  );
}

/** DG11's full name adds nothing when it is the MRZ name again (same letters, spacing and fillers aside). */
function sameName(full: string, mrz: string | undefined): boolean {
  const key = (v: string) => v.replace(/[<,\s]+/g, ' ').trim().toUpperCase();
  return mrz !== undefined && key(full) === key(mrz);
}

/** The chip was shown to be a copy (pp.chip.genuine failed with pp-chip-clone): said first, plainly. */
export function isClone(report: PassportReport): boolean {
  return report.checks.some((c) => c.id === 'pp.chip.genuine' && c.status === 'fail' && c.code === 'pp-chip-clone');
}

/**
 * A passport (or ICAO ID card) as a clerk compares it with the photo page: the name as in the
 * MRZ (and in national characters when DG11 has them), nationality, birth date in both calendars,
 * sex, document number, expiry and issuing state; a copied chip said in so many words; how the
 * chip was read (PACE/BAC, AA, CA) behind the 詳細 fold. Only what was read is shown.
 */
export function PassportDetails({ report, at, compact }: { readonly report: PassportReport; readonly at: Date; readonly compact?: boolean }) {
  const t = useT();
  const language = useLanguage();
  const a = report.attributes;
  const headingId = compact ? 'confirm-details-heading' : 'details-heading';
  const age = a.birthDate ? ageOn(a.birthDate, at) : undefined;
  const sex = a.sex === 'male' ? t('sex.male') : a.sex === 'female' ? t('sex.female') : a.sex ? t('pp.sex.unknown') : undefined;
  const idCard = a.documentCode?.startsWith('I') || a.documentCode?.startsWith('A') || a.documentCode?.startsWith('C');

  return (
    <section className={`details details-passport ${compact ? 'details-compact' : ''}`} aria-labelledby={headingId}>
      <h2 id={headingId} className="details-heading">
        {t(idCard ? 'pp.headingId' : 'pp.heading')}
      </h2>
      {isClone(report) && (
        <div className="notice notice-error pp-clone" role="note" data-testid="pp-clone">
          <p className="pp-clone-heading">{t('pp.clone.heading')}</p>
          {!compact && <p>{t('pp.clone.text')}</p>}
        </div>
      )}
      <dl className="detail-grid">
        {a.name !== undefined && (
          <Row label={t('result.name')} testId="detail-name" wide>
            <span className="detail-name" data-testid="holder-name">
              <ChipText text={a.name} lang="en" />
            </span>
            {a.namePossiblyTruncated && <span className="detail-warning">{t('pp.nameTruncated')}</span>}
          </Row>
        )}
        {a.fullName !== undefined && !compact && !sameName(a.fullName, a.name) && (
          <Row label={t('pp.fullName')} testId="pp-full-name" wide>
            <ChipText text={a.fullName} />
          </Row>
        )}
        {a.nationality !== undefined && (
          <Row label={t('pp.nationality')} testId="pp-nationality">
            <span className="detail-code">{a.nationality}</span>
          </Row>
        )}
        {a.birthDate !== undefined && (
          <Row label={t('result.birthDate')} testId="detail-birth-date">
            <DateValue iso={a.birthDate} language={language} t={t} />
          </Row>
        )}
        {age !== undefined && !compact && (
          <Row label={t('result.age')} testId="detail-age">
            {t('result.ageValue', { n: age })}
          </Row>
        )}
        {sex !== undefined && (
          <Row label={t('result.sex')} testId="detail-sex">
            {sex}
          </Row>
        )}
        {a.documentNumber !== undefined && (
          <Row label={t('pp.documentNumber')} testId="pp-document-number">
            <span className="detail-code">{a.documentNumber}</span>
          </Row>
        )}
        {a.cardExpiry !== undefined && (
          <Row label={t('pp.expiry')} testId="detail-expiry">
            <DateValue iso={a.cardExpiry} language={language} t={t} />
          </Row>
        )}
        {a.issuingState !== undefined && (
          <Row label={t('pp.issuingState')} testId="pp-issuing-state">
            <span className="detail-code">{a.issuingState}</span>
          </Row>
        )}
        {a.address !== undefined ? (
          <Row label={t('pp.address')} testId="detail-address" wide>
            <ChipText text={a.address} />
          </Row>
        ) : (
          a.supplementaryDocument === 'required' && (
            <Row label={t('pp.address')} testId="detail-address" wide>
              <span className="detail-warning">{t('pp.noAddress')}</span>
            </Row>
          )
        )}
        {!compact && a.placeOfBirth !== undefined && (
          <Row label={t('pp.placeOfBirth')} testId="pp-place-of-birth">
            <ChipText text={a.placeOfBirth} />
          </Row>
        )}
        {!compact && a.dateOfIssue !== undefined && (
          <Row label={t('pp.dateOfIssue')} testId="pp-date-of-issue">
            <DateValue iso={a.dateOfIssue} language={language} t={t} />
          </Row>
        )}
        {!compact && a.issuingAuthority !== undefined && (
          <Row label={t('pp.issuingAuthority')} testId="pp-issuing-authority">
            <ChipText text={a.issuingAuthority} />
          </Row>
        )}
      </dl>
      {!compact && <ChipDetails report={report} />}
    </section>
  );
}

/** How the chip was read, for those who ask (technical names only here). */
function ChipDetails({ report }: { readonly report: PassportReport }) {
  const t = useT();
  const { access, chipProtocols, dataGroupsRead } = report.attributes;
  if (!access && !chipProtocols && !dataGroupsRead) return null;
  const face = report.images.faceJpeg ? 'JPEG' : report.images.faceJp2 ? 'JPEG 2000' : undefined;
  return (
    <DetailsFold summary={t('pp.details.fold')} testId="pp-chip-details">
      <dl className="detail-grid" lang="en">
        {access && (
          <Row label={t('pp.details.access')} testId="pp-access">
            <span className="detail-code" data-testid="pp-access-method">
              {access.method === 'pace' ? `PACE${access.paceProtocol ? ` (${access.paceProtocol})` : ''}` : 'BAC'}
            </span>
            {access.fallbackReason && <span className="detail-warning">{t('pp.details.fallback', { reason: access.fallbackReason })}</span>}
          </Row>
        )}
        {access && (
          <Row label={t('pp.details.password')} testId="pp-password">
            <span className="detail-code" data-testid="pp-password-value">
              {access.password === 'can' ? 'CAN' : 'MRZ'}
            </span>
          </Row>
        )}
        {chipProtocols && (
          <Row label={t('pp.details.aa')} testId="pp-aa">
            {t(chipProtocols.activeAuthentication ? 'pp.details.ran' : 'pp.details.notRan')}
          </Row>
        )}
        {chipProtocols && (
          <Row label={t('pp.details.ca')} testId="pp-ca">
            {chipProtocols.chipAuthentication ? <span className="detail-code">{chipProtocols.chipAuthentication}</span> : t('pp.details.notRan')}
          </Row>
        )}
        {dataGroupsRead && (
          <Row label={t('pp.details.dataGroups')} testId="pp-data-groups">
            <span className="detail-code">{dataGroupsRead.map((n) => `DG${n}`).join(', ')}</span>
          </Row>
        )}
        {face && (
          <Row label={t('pp.details.faceFormat')} testId="pp-face-format">
            <span className="detail-code">
              {face}
              {report.images.faceContainer ? ` (ISO/IEC ${report.images.faceContainer.slice(3)})` : ''}
            </span>
          </Row>
        )}
      </dl>
    </DetailsFold>
  );
}
