/**
 * Stored with every decision (compliance_checks): bump it whenever a rule, a citation or the area-code, ZIP or
 * holiday data changes, so that a decision can be traced to the rules that made it.
 */
export const RULE_SET_VERSION = '2026-12-02.1';
