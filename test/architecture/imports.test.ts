// Imports run one way, down the flow the folders show: catalog → search → draft → live → answers → render
// → interactions → commands → transports → cli, with config.ts and log.ts as leaves anyone may use.
// A module may import its own layer or a lower one, never a higher one, and no chain of imports
// that exists at run time may come back to where it started (`import type` is erased, so a type
// may refer back; a value may not, since module initialisation order would then matter).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');
export const LAYERS = ['catalog', 'search', 'draft', 'live', 'answers', 'render', 'interactions', 'commands', 'transports', 'cli'] as const;
const LEAVES = new Set(['config.ts', 'log.ts']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Every module specifier a file names: static imports and re-exports, and dynamic imports. */
export function specifiers(source: string, { values = false } = {}): string[] {
  const out: string[] = [];
  const re = /(?:^|[\s;])((?:import|export)\s[^;]*?)from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;])import\s*['"]([^'"]+)['"]/g;
  for (const m of source.matchAll(re)) {
    if (values && m[1] !== undefined && /^(?:import|export)\s+type\s/.test(m[1])) continue;
    out.push((m[2] ?? m[3] ?? m[4])!);
  }
  return out;
}

/** The layer's rank, -1 for a leaf (config, log), undefined for a file outside the known layers. */
export function rank(file: string): number | undefined {
  const rel = path.relative(SRC, file).split(path.sep);
  if (rel.length === 1) return LEAVES.has(rel[0]!) ? -1 : undefined;
  const i = LAYERS.indexOf(rel[0] as (typeof LAYERS)[number]);
  return i === -1 ? undefined : i;
}

function graph(values = false): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of files(SRC)) {
    const deps = specifiers(readFileSync(f, 'utf8'), { values })
      .filter((s) => s.startsWith('.'))
      .map((s) => path.resolve(path.dirname(f), s));
    g.set(f, deps);
  }
  return g;
}

/** Each import that goes to a higher layer, or out of a leaf. */
export function upward(g: Map<string, string[]>): string[] {
  const bad: string[] = [];
  for (const [from, deps] of g) {
    const rf = rank(from);
    for (const to of deps) {
      const rt = rank(to);
      const label = `${path.relative(SRC, from)} → ${path.relative(SRC, to)}`;
      if (rf === undefined || rt === undefined) bad.push(`${label} (outside the known layers)`);
      else if (rf === -1 && rt !== -1) bad.push(`${label} (a leaf imports the app)`);
      else if (rt > rf) bad.push(`${label} (${LAYERS[rf]} must not import ${LAYERS[rt]})`);
    }
  }
  return bad;
}

/** One import cycle, as the chain of files, or undefined. */
export function findCycle(g: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    state.set(n, 'open');
    stack.push(n);
    for (const d of g.get(n) ?? []) {
      if (state.get(d) === 'open') return [...stack.slice(stack.indexOf(d)), d];
      if (!state.has(d)) {
        const c = visit(d);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of g.keys()) {
    if (!state.has(n)) {
      const c = visit(n);
      if (c) return c.map((f) => path.relative(SRC, f));
    }
  }
  return undefined;
}

describe('imports', () => {
  const g = graph();
  it('never run up the flow', () => {
    expect(g.size).toBeGreaterThan(40);
    expect(upward(g)).toEqual([]);
  });
  it('form no cycle at run time', () => {
    expect(findCycle(graph(true))).toBeUndefined();
  });
  it('the checks catch what they are for', () => {
    const a = path.join(SRC, 'render/a.ts');
    const b = path.join(SRC, 'commands/b.ts');
    const c = path.join(SRC, 'render/c.ts');
    expect(upward(new Map([[a, [b]]]))).toEqual(['render/a.ts → commands/b.ts (render must not import commands)']);
    expect(upward(new Map([[path.join(SRC, 'log.ts'), [a]]]))).toHaveLength(1);
    expect(findCycle(new Map([[a, [c]], [c, [a]]]))).toEqual(['render/a.ts', 'render/c.ts', 'render/a.ts']);
    const source = `import type { X } from './x.ts';\nexport { y } from "../y.ts";\nconst z = await import('./z.ts');\nimport './side.ts';\nexport type { W } from './w.ts';`;
    expect(specifiers(source)).toEqual(['./x.ts', '../y.ts', './z.ts', './side.ts', './w.ts']);
    expect(specifiers(source, { values: true })).toEqual(['../y.ts', './z.ts', './side.ts']);
  });
});
