/** Leads per bulk write: one round trip each, while the id list and the Redis pipeline stay bounded. */
export const LEADS_PER_WRITE = 500;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
