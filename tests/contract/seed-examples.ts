import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The JSON examples of the seed README (the public contract of the service we replace), read at test time so the
 * document stays the source. `{ ... }` and `[ ... ]` in an example stand for any object / any array.
 */

export const SEED_PATH = resolve(
  process.env.SEED_README ?? resolve(__dirname, '../../../shared/SEED-calling-service.md'),
);

/** Stands for `{ ... }` / `[ ... ]` after parsing. */
export const ANY_OBJECT = '<any object>';
export const ANY_ARRAY = '<any array>';

export interface SeedExample {
  /** The `###` heading the block is under, e.g. "POST /api/calls/initiate" or "CallInitiated". */
  section: string;
  kind: 'request' | 'response' | 'event';
  /** Request examples written as "METHOD /path" followed by the body (the Call Flow section). */
  method?: string;
  path?: string;
  value: unknown;
}

function parseLoose(text: string): unknown {
  const json = text
    .replace(/\{\s*\.\.\.\s*\}/g, JSON.stringify(ANY_OBJECT))
    .replace(/\[\s*\.\.\.\s*\]/g, JSON.stringify(ANY_ARRAY));
  return JSON.parse(json);
}

/** Every fenced block that holds JSON, with the heading and the bold label ("Request:", "Response:") above it. */
export function seedExamples(markdown = readFileSync(SEED_PATH, 'utf8')): SeedExample[] {
  const out: SeedExample[] = [];
  let section = '';
  let h2 = '';
  let label = '';
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('## ')) h2 = line.slice(3).trim();
    if (line.startsWith('### ')) {
      section = line.slice(4).trim();
      label = '';
    }
    const bold = /^\*\*(\w+):?\*\*/.exec(line.trim());
    if (bold) label = bold[1]!.toLowerCase();
    const fence = /^```(\w*)\s*$/.exec(line);
    if (!fence) continue;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    const text = body.join('\n').trim();
    const call = /^(GET|POST|PUT|PATCH|DELETE) (\S+)\s*\n([\s\S]*)$/.exec(text);
    if (fence[1] === 'json') {
      const kind = h2 === 'Event Emission' ? 'event' : label === 'request' ? 'request' : 'response';
      out.push({ section, kind, value: parseLoose(text) });
    } else if (call && call[3]!.trim().startsWith('{')) {
      out.push({ section, kind: 'request', method: call[1], path: call[2], value: parseLoose(call[3]!) });
    }
  }
  return out;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Where `actual` does not have the example's shape: every key of the example present with the same JSON type,
 * recursively. An example array's elements are alternatives: each actual element must match one of them (an
 * empty array has the type and nothing else to check). `nullable` lists paths (with `[]` for any element) where null is
 * allowed in place of the example's type, each a documented decision.
 */
export function shapeMismatches(
  example: unknown,
  actual: unknown,
  nullable: ReadonlySet<string> = new Set(),
  path = '',
): string[] {
  const at = path || '(root)';
  if (example === ANY_OBJECT) {
    return jsonType(actual) === 'object' ? [] : [`${at}: expected an object, got ${jsonType(actual)}`];
  }
  if (example === ANY_ARRAY) {
    return Array.isArray(actual) ? [] : [`${at}: expected an array, got ${jsonType(actual)}`];
  }
  if (actual === null && example !== null && nullable.has(path)) return [];
  if (jsonType(example) !== jsonType(actual)) {
    return [`${at}: expected ${jsonType(example)}, got ${jsonType(actual)} (${JSON.stringify(actual)})`];
  }
  if (Array.isArray(example)) {
    const items = actual as unknown[];
    if (example.length === 0) return [];
    return items.flatMap((item, i) => {
      const tries = example.map((alt) => shapeMismatches(alt, item, nullable, `${path}[]`));
      if (tries.some((t) => t.length === 0)) return [];
      const closest = tries.reduce((a, b) => (b.length < a.length ? b : a));
      return closest.map((m) => `${m} (element ${i})`);
    });
  }
  if (jsonType(example) === 'object') {
    const got = actual as Record<string, unknown>;
    return Object.entries(example as Record<string, unknown>).flatMap(([key, value]) => {
      const sub = path ? `${path}.${key}` : key;
      return key in got ? shapeMismatches(value, got[key], nullable, sub) : [`${sub}: missing`];
    });
  }
  return [];
}
