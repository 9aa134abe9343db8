import { ja, type MessageKey } from '../i18n/catalogue';
import type { Translate } from '../i18n/use-i18n';

/**
 * What to tell staff when a reader path fails: the path's own reason when the catalogue
 * explains it (`reader.reason.*`: chooser cancelled, interface claimed by another driver,
 * bridge not paired…), else the transport error code (`reader.code.*`), else the raw code.
 */
export function readerProblemText(t: Translate, errorCode: string, reason?: string): string {
  const reasonKey = `reader.reason.${reason ?? ''}`;
  if (reason && reasonKey in ja) return t(reasonKey as MessageKey);
  const codeKey = `reader.code.${errorCode}`;
  if (codeKey in ja) return t(codeKey as MessageKey);
  return t('reader.code.unknown', { code: reason ?? errorCode });
}
