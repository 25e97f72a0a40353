import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Where the samples were taken: function and its place, by time spent in it alone. */
  self: Array<{ name: string; ms: number }>;
  /** By time spent in it and everything it called (each function once per stack). */
  inclusive: Array<{ name: string; ms: number }>;
  /** Self time by source area: a package under node_modules, a file of ours, node's internals, GC, idle. */
  byArea: Array<{ name: string; ms: number }>;
}

/** A source's area: the package under node_modules, node's internals, or a file of ours (else the url itself). */
export function area(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node internals';
  const ours = /\/(src|bench|tests)\/(.*)$/.exec(url);
  return ours ? `${ours[1]}/${ours[2]}` : url;
}

const top = (m: Map<string, number>, n: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, ms: us / 1000 }));

/** Summarises V8 .cpuprofile files (several processes of one role add up). */
export function summariseProfiles(files: string[], n = 15): ProfileSummary {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const key = (node: ProfileNode) => {
      const { functionName, url, lineNumber } = node.callFrame;
      const place = url ? `${area(url, functionName)}:${lineNumber + 1}` : '';
      return `${functionName || '(anonymous)'} ${place}`.trim();
    };
    const spent = new Map<number, number>();
    profile.samples.forEach((id, i) => spent.set(id, (spent.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    for (const [id, us] of spent) {
      const node = byId.get(id)!;
      const name = key(node);
      if (name.startsWith('(idle)')) continue;
      total += us;
      self.set(name, (self.get(name) ?? 0) + us);
      const where = area(node.callFrame.url, node.callFrame.functionName);
      byArea.set(where, (byArea.get(where) ?? 0) + us);
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const k = key(byId.get(at)!);
        if (seen.has(k)) continue;
        seen.add(k);
        inclusive.set(k, (inclusive.get(k) ?? 0) + us);
      }
    }
  }
  return { totalMs: total / 1000, self: top(self, n), inclusive: top(inclusive, n), byArea: top(byArea, n) };
}
