import type { StepLabel } from '../documents/registry';

export type { VerificationEnvironment } from '../documents/verification-environment';

/**
 * Progress labels of a verification: every registered document's step labels (a document's
 * driver names them; the UI maps each to ja/en text).
 */
export type VerificationStep = StepLabel;

/** Progress: the step starting now, how many have started (1-based) and the total (the plan's step count). */
export type ProgressListener = (step: VerificationStep, done: number, total: number) => void;
