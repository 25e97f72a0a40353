/**
 * Our copy of the FTC National Do Not Call Registry. The FTC hands it out as one file per area code, one
 * 10-digit number per line; 47 CFR 64.1200(c)(2)(i)(D) requires scrubbing against a copy at most 31 days old.
 */
export interface RegistryEntry {
  listed: boolean;
  downloadedAt: Date | null;
}

export interface DncRegistry {
  /**
   * One answer per phone (E.164 or 10 digits), in order, in one round trip:
   * - `listed`: a phone that cannot be proven absent (malformed, or in an area code whose file was never imported)
   *   counts as listed: a wrong "listed" only skips a call;
   * - `downloadedAt`: when the file of its area code was downloaded; null where that area code was never imported
   *   (or the phone is malformed). Freshness is judged per area code: one stale file blocks only its own numbers.
   */
  lookup(phones: string[]): Promise<RegistryEntry[]>;
  /** When the oldest imported area-code file was downloaded; null before any import. */
  downloadedAt(): Promise<Date | null>;
  /** Replaces the numbers of every area code in the file, atomically per area code. */
  importAreaCodeFile(
    lines: AsyncIterable<string>,
    meta: { downloadedAt: Date },
  ): Promise<{ areaCodes: string[]; numbers: number; rejected: number }>;
}
