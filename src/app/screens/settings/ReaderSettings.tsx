import { useEffect, useState } from 'react';
import { useT } from '../../i18n/use-i18n';
import { readerProblemText } from '../../readers/reader-failure-text';
import type { ReaderPathId } from '../../readers/reader-path-ids';
import type { ReaderPathStatus } from '../../readers/reader-paths';
import { useAppStore } from '../../store/app-store';
import { isLoopbackBridgeUrl, type RealReaderTrust } from '../../store/settings';
import { isPairingToken } from '../../../transport/bridge/bridge-auth';
import { DetailsFold } from '../common/DetailsFold';
import { Field } from '../common/Field';

const REAL_TRUSTS: readonly RealReaderTrust[] = ['follow-reader', 'jpki-test', 'simulator'];

/**
 * Settings → reader: every path this kiosk knows, whether this browser can use it (and a plain
 * reason when not), the button that opens it (WebUSB shows its chooser on this click), the
 * bridge's address and pairing token, and which trust real readers verify against.
 */
export function ReaderSettings() {
  const t = useT();
  const actions = useAppStore((s) => s.actions);
  const runtime = useAppStore((s) => s.runtime);
  const reader = useAppStore((s) => s.reader);
  const settings = useAppStore((s) => s.settings);
  const [bridgeUrl, setBridgeUrl] = useState(settings.bridgeUrl);
  const [token, setToken] = useState(settings.bridgePairingToken);
  const [bridgeSubmitted, setBridgeSubmitted] = useState(false);
  const [busy, setBusy] = useState<ReaderPathId | undefined>();

  useEffect(() => {
    if (!runtime) void actions.prepare().catch(() => undefined);
  }, [runtime, actions]);

  const paths: ReaderPathStatus[] = runtime ? runtime.readers.detect() : [];
  const webNfc = runtime?.readers.webNfc();
  const urlError = bridgeSubmitted && !isLoopbackBridgeUrl(bridgeUrl) ? t('settings.bridge.urlFormat') : undefined;
  const tokenError = bridgeSubmitted && !isPairingToken(token.trim()) ? t('settings.bridge.tokenFormat') : undefined;

  const use = async (path: ReaderPathId) => {
    if (path === 'bridge') {
      setBridgeSubmitted(true);
      if (!isLoopbackBridgeUrl(bridgeUrl) || !isPairingToken(token.trim())) return;
      actions.saveSettings({ ...useAppStore.getState().settings, bridgeUrl, bridgePairingToken: token.trim() });
    }
    setBusy(path);
    try {
      await actions.selectReader(path);
    } finally {
      setBusy(undefined);
    }
  };

  const current = reader.path ? (reader.label ? `${t(`reader.path.${reader.path}`)} — ${reader.label}` : t(`reader.path.${reader.path}`)) : undefined;

  return (
    <section className="settings-section" aria-labelledby="reader-settings-heading">
      <h2 id="reader-settings-heading" className="section-heading">
        {t('settings.reader.heading')}
      </h2>
      <p role="status" className="read-only" data-testid="reader-current">
        {reader.opening ? t('settings.reader.opening') : current ? t('settings.reader.current', { name: current }) : t('settings.reader.none')}
      </p>
      {reader.problem && !reader.opening && (
        <p className="notice notice-error" role="alert" data-testid="reader-problem">
          {t('settings.reader.failed', { name: t(`reader.path.${reader.problem.path}`), explanation: readerProblemText(t, reader.problem.errorCode, reader.problem.reason) })}
        </p>
      )}
      <ul className="reader-paths">
        {paths.map((p) => (
          <li key={p.id} className="reader-path" data-testid={`reader-path-${p.id}`}>
            <div className="reader-path-text">
              <span className="reader-path-name">{t(`reader.path.${p.id}`)}</span>
              <span className="field-hint">{p.usable ? t(`reader.pathHint.${p.id}`) : readerProblemText(t, 'unsupported', p.reason)}</span>
            </div>
            {p.id === 'bridge' && (
              <div className="bridge-fields">
                <Field id="bridge-url" label={t('settings.bridge.url')} error={urlError}>
                  {(aria) => <input id="bridge-url" className="text-input" type="text" inputMode="url" autoComplete="off" spellCheck={false} maxLength={100} value={bridgeUrl} onChange={(e) => setBridgeUrl(e.target.value)} {...aria} />}
                </Field>
                <Field id="bridge-token" label={t('settings.bridge.token')} hint={t('settings.bridge.tokenHint')} error={tokenError}>
                  {(aria) => <input id="bridge-token" className="text-input" type="password" autoComplete="off" spellCheck={false} maxLength={64} value={token} onChange={(e) => setToken(e.target.value)} {...aria} />}
                </Field>
                <DetailsFold summary={t('common.details')}>
                  <p className="technical">{t('settings.bridge.technical')}</p>
                </DetailsFold>
              </div>
            )}
            <button
              type="button"
              className="button button-secondary"
              disabled={busy !== undefined || (!p.usable && p.id !== 'bridge')}
              aria-pressed={reader.path === p.id}
              onClick={() => void use(p.id)}
            >
              {reader.path === p.id ? t('settings.reader.inUse') : t('settings.reader.use')}
            </button>
          </li>
        ))}
      </ul>
      {webNfc === 'present' && (
        <p className="notice notice-warning" data-testid="web-nfc-note">
          {t('settings.webNfc.present')}
        </p>
      )}
      <fieldset className="choice-group">
        <legend>{t('settings.realTrust')}</legend>
        {REAL_TRUSTS.filter((m) => m !== 'simulator' || paths.some((p) => p.id === 'demo' && p.usable)).map((m) => (
          <label key={m} className="check-label">
            <input type="radio" name="real-reader-trust" value={m} checked={settings.realReaderTrust === m} onChange={() => actions.saveSettings({ ...useAppStore.getState().settings, realReaderTrust: m })} />
            <span>{t(`settings.realTrust.${m}`)}</span>
          </label>
        ))}
      </fieldset>
    </section>
  );
}
