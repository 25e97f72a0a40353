const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** A request method as a metric label: the usual ones, anything else `OTHER`. */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}

interface Template {
  label: string;
  /** Lower-cased literal segments; null = a path parameter. */
  segments: Array<string | null>;
  literals: number;
}

function segmentsOf(path: string): string[] {
  const parts = path.split('?')[0]!.split('/').slice(1);
  // Express routing ignores one trailing slash (strict routing off).
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * Maps a request path to one of the known route templates (OpenAPI form, `/api/calls/{callId}`), so that metric
 * labels come only from the code, never from the request: Express matches paths case-insensitively, so the raw
 * path would let anyone create series. `mounts` are sub-apps (Bull Board, the dashboard) whose inner paths are
 * their own: anything under one is labelled `<mount>/*`. Everything else is `unmatched`.
 */
export function routeLabeler(
  templates: readonly string[],
  mounts: readonly string[],
): (path: string) => string {
  const known: Template[] = templates
    .map((label) => {
      const segments = segmentsOf(label).map((s) => (/^\{.+\}$/.test(s) ? null : s.toLowerCase()));
      return { label, segments, literals: segments.filter((s) => s !== null).length };
    })
    // Where two templates fit (`/calls/active/all` and `/calls/{callId}/...`), the more literal one wins.
    .sort((a, b) => b.literals - a.literals);
  const mounted = mounts
    .map((m) => ({ label: `${m}/*`, segments: segmentsOf(m.toLowerCase()) }))
    .sort((a, b) => b.segments.length - a.segments.length);
  return (path) => {
    const parts = segmentsOf(path).map((s) => s.toLowerCase());
    const hit = known.find(
      (t) =>
        t.segments.length === parts.length &&
        t.segments.every((s, i) => (s === null ? parts[i] !== '' : s === parts[i])),
    );
    if (hit) return hit.label;
    const mount = mounted.find((m) => m.segments.every((s, i) => s === parts[i]));
    return mount ? mount.label : 'unmatched';
  };
}
