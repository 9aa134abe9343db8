/**
 * What this build allows (vite.config.ts defines it from KAZASU_REVOCATION_CONFIG and
 * KAZASU_CONNECT_ORIGINS): the default revocation endpoints and the origins the CSP lets the page
 * reach. Read back strictly; a build without it (tests outside Vite) has no defaults and no origins.
 */
import { EMPTY_REVOCATION_CONFIG, revocationConfigOr, type RevocationDeployment } from './revocation-config';

export function readRevocationDeployment(raw: unknown): RevocationDeployment {
  try {
    const v = typeof raw === 'string' ? (JSON.parse(raw) as { defaults?: unknown; connectOrigins?: unknown }) : undefined;
    if (!v) return { defaults: EMPTY_REVOCATION_CONFIG, connectOrigins: [] };
    const origins = Array.isArray(v.connectOrigins) ? v.connectOrigins.filter((o): o is string => typeof o === 'string') : [];
    return { defaults: revocationConfigOr(v.defaults, EMPTY_REVOCATION_CONFIG), connectOrigins: origins };
  } catch {
    return { defaults: EMPTY_REVOCATION_CONFIG, connectOrigins: [] };
  }
}

/** This build's deployment. */
export const REVOCATION_DEPLOYMENT: RevocationDeployment = readRevocationDeployment(import.meta.env.KAZASU_REVOCATION_DEPLOYMENT);
