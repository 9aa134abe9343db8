import type { BirthDateText, ExpiryText, Parsed } from './code-b-text';
import { plausibleBirthDate, plausibleCodeB, type CodeBCameraValues, type PlausibilityOptions, type PlausibilityReason } from './code-b-plausibility';

/**
 * Frames in, one answer out. A single frame is never trusted: each item (birth date, expiry,
 * security code) is settled only when the same value was read in `agree` frames AND leads every
 * other value read for it by `agree` (one stray misread then needs a third agreeing frame). A
 * birth date that is not a possible date never gets a vote. When all three are settled they are
 * checked together (plausibleCodeB); a combination that fails is thrown away and reading starts
 * over — the kiosk never offers implausible digits to staff.
 */
export interface FrameRead {
  readonly birthDate: Parsed<BirthDateText>;
  readonly expiry: Parsed<ExpiryText>;
  readonly securityCode: Parsed<string>;
}

export type ConsensusState =
  | {
      readonly kind: 'reading';
      readonly settled: ReadonlyArray<keyof FrameRead>;
      readonly frames: number;
      /** This frame's birth date was read but is not a possible date (so it got no vote). */
      readonly refused?: PlausibilityReason;
    }
  | { readonly kind: 'ready'; readonly values: CodeBCameraValues; readonly frames: number }
  | { readonly kind: 'rejected'; readonly reason: PlausibilityReason; readonly frames: number };

export interface ConsensusOptions extends PlausibilityOptions {
  /** Agreeing frames needed per item (default 2; 1 = trust a single frame, for the benchmark). */
  readonly agree?: number;
}

type Votes = Map<string, number>;

export class CodeBConsensus {
  private birth: Votes = new Map();
  private expiry: Votes = new Map();
  private code: Votes = new Map();
  private frames = 0;
  private readonly agree: number;

  constructor(private readonly options: ConsensusOptions) {
    this.agree = Math.max(1, Math.floor(options.agree ?? 2));
  }

  add(read: FrameRead): ConsensusState {
    this.frames++;
    let refused: PlausibilityReason | undefined;
    if (read.birthDate.ok) {
      const birth = plausibleBirthDate(read.birthDate.value, this.options);
      if (birth.ok) vote(this.birth, JSON.stringify(read.birthDate.value));
      else refused = birth.reason;
    }
    if (read.expiry.ok) vote(this.expiry, JSON.stringify(read.expiry.value));
    if (read.securityCode.ok) vote(this.code, read.securityCode.value);
    const b = this.settled(this.birth), e = this.settled(this.expiry), c = this.settled(this.code);
    if (b === undefined || e === undefined || c === undefined) {
      const settled: (keyof FrameRead)[] = [];
      if (b !== undefined) settled.push('birthDate');
      if (e !== undefined) settled.push('expiry');
      if (c !== undefined) settled.push('securityCode');
      return { kind: 'reading', settled, frames: this.frames, ...(refused ? { refused } : {}) };
    }
    const result = plausibleCodeB(JSON.parse(b) as BirthDateText, JSON.parse(e) as ExpiryText, c, this.options);
    const frames = this.frames;
    if (!result.ok) {
      this.reset();
      return { kind: 'rejected', reason: result.reason, frames };
    }
    return { kind: 'ready', values: result.value, frames };
  }

  /** Forget every vote (staff pressed "read again", or the read was refused). */
  reset(): void {
    this.birth = new Map();
    this.expiry = new Map();
    this.code = new Map();
    this.frames = 0;
  }

  private settled(votes: Votes): string | undefined {
    let best: string | undefined;
    let top = 0, second = 0;
    for (const [value, n] of votes) {
      if (n > top) {
        second = top;
        top = n;
        best = value;
      } else if (n > second) second = n;
    }
    return best !== undefined && top >= this.agree && top - second >= this.agree ? best : undefined;
  }
}

function vote(votes: Votes, key: string): void {
  votes.set(key, (votes.get(key) ?? 0) + 1);
}
