// The image, checked without a Docker engine: its RUN steps are the commands the production
// install test runs (install-steps.ts), in order, stage by stage, and it is built the way the
// README says (slim Node 20 base, a non-root user owning the data and state volumes, a liveness
// healthcheck that uses node itself, no secrets, `npm start`'s flags). compose.yaml runs it as the
// gateway bot or the HTTP endpoint (profiles), with the same flags.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { nodeFlagsOf } from '../../src/cli/build.ts';
import { BUILD_STAGE, IMAGE_ONLY_RUN, RUNTIME_STAGE } from './install-steps.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Instruction {
  readonly op: string;
  /** The arguments, continuation lines joined. */
  readonly args: string;
}

interface DockerStage {
  readonly name: string;
  readonly from: string;
  readonly instructions: readonly Instruction[];
}

/** Instructions by stage: comments dropped, `\` continuations joined. */
export function parseDockerfile(text: string): { args: Instruction[]; stages: DockerStage[] } {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // a comment inside a continued instruction
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${current}${line}`.trim());
    current = '';
  }
  const args: Instruction[] = [];
  const stages: { name: string; from: string; instructions: Instruction[] }[] = [];
  for (const l of logical) {
    const m = /^(\w+)\s+([\s\S]*)$/.exec(l);
    if (!m) continue;
    const ins = { op: m[1]!.toUpperCase(), args: m[2]! };
    if (ins.op === 'FROM') {
      const f = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args)!;
      stages.push({ from: f[1]!, name: f[2] ?? String(stages.length), instructions: [] });
    } else if (stages.length === 0) args.push(ins);
    else stages.at(-1)!.instructions.push(ins);
  }
  return { args, stages };
}

/** A RUN's command without its BuildKit flags (--mount=…, --network=…). */
function runCommand(args: string): string {
  return args.replace(/^(?:--\S+\s+)+/, '').trim();
}

/** COPY's sources from the build context (not --from another stage), as written. */
function contextCopies(stage: DockerStage): string[] {
  return stage.instructions
    .filter((i) => i.op === 'COPY' && !/--from=/.test(i.args))
    .flatMap((i) => {
      const words = i.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      return words.slice(0, -1);
    });
}

const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
const { args, stages } = parseDockerfile(dockerfile);
const build = stages.find((s) => s.name === 'build')!;
const runtime = stages.at(-1)!;
const execForm = (text: string): string[] => JSON.parse(text) as string[];

describe('Dockerfile', () => {
  it('has a build stage and a runtime stage, both on a slim Node 20 base', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    const base = args.find((a) => a.op === 'ARG' && a.args.startsWith('NODE_IMAGE='))?.args.split('=')[1];
    expect(base).toMatch(/^node:20(\.\d+)*(-\w+)?-slim$|^node:20-slim$/);
    for (const s of stages) expect(s.from).toBe('${NODE_IMAGE}');
  });

  it('runs the production install test\'s commands, in order, stage by stage', () => {
    expect(build.instructions.filter((i) => i.op === 'RUN').map((i) => runCommand(i.args))).toEqual(BUILD_STAGE.run);
    expect(
      runtime.instructions
        .filter((i) => i.op === 'RUN')
        .map((i) => runCommand(i.args))
        .filter((c) => !IMAGE_ONLY_RUN.includes(c)),
    ).toEqual(RUNTIME_STAGE.run);
    expect(runtime.instructions.filter((i) => i.op === 'RUN').map((i) => runCommand(i.args))).toEqual(expect.arrayContaining([...IMAGE_ONLY_RUN]));
  });

  it('copies what the test copies, and takes dist/ from the build stage', () => {
    expect(contextCopies(build).sort()).toEqual([...BUILD_STAGE.copy].sort());
    expect(contextCopies(runtime).sort()).toEqual([...RUNTIME_STAGE.copy].sort());
    expect(runtime.instructions).toContainEqual({ op: 'COPY', args: '--from=build /app/dist ./dist' });
    // The runtime install happens before the app's files arrive, as in the test: no build there.
    const ops = runtime.instructions.map((i) => i.op);
    expect(ops.indexOf('RUN')).toBeLessThan(ops.lastIndexOf('COPY'));
  });

  it('runs as the unprivileged node user, who owns the data and state volumes', () => {
    const userAt = runtime.instructions.findIndex((i) => i.op === 'USER');
    expect(runtime.instructions[userAt]?.args).toBe('node');
    // Nothing after USER runs as root or changes the image.
    expect(runtime.instructions.slice(userAt).filter((i) => i.op === 'RUN' || i.op === 'COPY')).toEqual([]);
    expect(runtime.instructions).toContainEqual({ op: 'COPY', args: '--chown=node:node data ./data' });
    expect(IMAGE_ONLY_RUN).toEqual(['install -d -o node -g node state']);
    const volumes = execForm(runtime.instructions.find((i) => i.op === 'VOLUME')!.args);
    expect(volumes).toEqual(['/app/data', '/app/state']);
    const env = runtime.instructions.filter((i) => i.op === 'ENV').map((i) => i.args).join(' ');
    expect(env).toContain('DATA_DIR=/app/data');
    expect(env).toContain('STATE_DIR=/app/state');
  });

  it('checks liveness with node itself, on /livez', () => {
    const hc = runtime.instructions.find((i) => i.op === 'HEALTHCHECK')!;
    const cmd = execForm(hc.args.replace(/^.*?CMD\s+/, ''));
    expect(cmd[0]).toBe('node');
    expect(cmd.join(' ')).toContain('/livez');
    expect(cmd.join(' ')).toContain('METRICS_PORT');
    const env = runtime.instructions.filter((i) => i.op === 'ENV').map((i) => i.args).join(' ');
    expect(env).toMatch(/METRICS_PORT=\d+/);
  });

  it('starts the bot with node and `npm start`\'s flags, not through npm', () => {
    const cmd = execForm(runtime.instructions.find((i) => i.op === 'CMD')!.args);
    expect(cmd).toEqual(['node', ...nodeFlagsOf('start'), 'dist/start.js']);
  });

  it('bakes in no secret and copies no .env', () => {
    for (const secret of ['DISCORD_TOKEN', 'DISCORD_PUBLIC_KEY', 'REDIS_URL']) expect(dockerfile).not.toMatch(new RegExp(`(ENV|ARG)[^\\n]*${secret}`));
    const ignore = readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const left of ['.env', 'node_modules', 'dist', 'state', '.git']) expect(ignore).toContain(left);
    for (const c of [...contextCopies(build), ...contextCopies(runtime)]) expect(c).not.toMatch(/\.env/);
  });
});

describe('compose.yaml', () => {
  const compose = parseYaml(readFileSync(path.join(root, 'compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<string, { profiles?: string[]; command?: string[]; environment?: Record<string, unknown>; volumes?: string[]; image?: string; build?: unknown; env_file?: unknown }>;
    volumes: Record<string, unknown>;
  };

  it('runs the gateway bot or the HTTP endpoint, one per profile, the endpoint with Redis', () => {
    const { bot, endpoint, redis } = compose.services;
    expect(bot?.profiles).toEqual(['bot']);
    expect(endpoint?.profiles).toEqual(['http']);
    expect(redis?.profiles).toEqual(['http']);
    expect(bot?.command).toBeUndefined(); // the image's CMD: npm start's
    expect(endpoint?.command).toEqual(['node', ...nodeFlagsOf('serve'), 'dist/serve.js']);
    for (const s of [bot, endpoint]) {
      expect(s?.volumes).toEqual(['data:/app/data', 'state:/app/state']);
      expect(s?.env_file).toBe('.env');
    }
    expect(Object.keys(compose.volumes).sort()).toEqual(['data', 'state']);
  });

  it('puts no secret in the file', () => {
    for (const s of Object.values(compose.services)) {
      for (const key of Object.keys(s.environment ?? {})) expect(['DISCORD_TOKEN', 'DISCORD_PUBLIC_KEY']).not.toContain(key);
    }
  });
});
