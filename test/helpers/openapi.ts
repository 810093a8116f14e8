// Validates outgoing payloads against Discord's own OpenAPI description, read at test time from the
// shared checkout (never committed here). A contract nobody on this project wrote is the point: it
// catches limits and shapes our own types and tests might share a blind spot about.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const here = dirname(fileURLToPath(import.meta.url));

/** Where CI and the dev machines keep the spec; OPENAPI_SPEC overrides. */
export const OPENAPI_PATH =
  process.env.OPENAPI_SPEC ?? resolve(here, '../../../shared/discord-api-spec/openapi.json');

const SPEC_ID = 'discord-openapi';
const CALLBACK_PATH = '/interactions/{interaction_id}/{interaction_token}/callback';

/**
 * Why the contract check cannot run, or undefined when it can. On a developer's machine without
 * the shared checkout the checks are skipped, and said so; in CI (CI set) a missing spec is an
 * error, so a broken checkout cannot pass by skipping the contract.
 */
export function openApiSkipReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return openApiSkipReasonFor(OPENAPI_PATH, env);
}

export function openApiSkipReasonFor(specPath: string, env: NodeJS.ProcessEnv): string | undefined {
  if (existsSync(specPath)) return undefined;
  const reason = `Discord OpenAPI spec not found at ${specPath}`;
  if (env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI !== 'false') throw new Error(`${reason}; CI is set, so the contract tests fail rather than skip`);
  return `${reason}; contract checks skipped`;
}

type Validators = { ajv: Ajv2020; spec: any };
let cached: Validators | undefined;
const compiled = new Map<string, ValidateFunction>();

function load(): Validators {
  if (cached) return cached;
  const spec = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'));
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  // ajv-formats is CommonJS; under ESM its default export may arrive wrapped.
  const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (a: Ajv2020) => void;
  addFormats(ajv);
  // The spec uses formats of its own (int32, snowflake…); accept them rather than fail compilation.
  for (const f of ['int32', 'int64', 'snowflake', 'double', 'float']) ajv.addFormat(f, true);
  ajv.addSchema({ ...spec, $id: SPEC_ID });
  cached = { ajv, spec };
  return cached;
}

function validator(key: string, make: (v: Validators) => object): ValidateFunction {
  let fn = compiled.get(key);
  if (!fn) {
    const v = load();
    fn = v.ajv.compile(make(v));
    compiled.set(key, fn);
  }
  return fn;
}

/** Rewrites local refs so a schema lifted out of the document still points into it. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema !== null && typeof schema === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(schema)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${SPEC_ID}${v}` : rebase(v);
    }
    return out;
  }
  return schema;
}

function errorsOf(fn: ValidateFunction, body: unknown): string[] | null {
  if (fn(body)) return null;
  return (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** Errors against the interaction callback request body, or null when valid. Throws when the spec is absent. */
export function validateInteractionResponse(body: unknown): string[] | null {
  const fn = validator('callback', ({ spec }) =>
    rebase(spec.paths[CALLBACK_PATH].post.requestBody.content['application/json'].schema) as object,
  );
  return errorsOf(fn, body);
}

/** Errors against any named component schema, e.g. 'ApplicationCommandCreateRequest'. */
export function validateComponentSchema(name: string, body: unknown): string[] | null {
  const fn = validator(`schema:${name}`, () => ({ $ref: `${SPEC_ID}#/components/schemas/${name}` }));
  return errorsOf(fn, body);
}

/**
 * Errors for a request that sends no JSON (a DELETE): the spec must describe that method on that
 * path (matched segment by segment, `{…}` standing for one), and, when it takes no body, none was
 * sent. Null when valid. Throws when the spec is absent.
 */
export function validateBodilessRequest(method: string, path: string, body: unknown): string[] | null {
  const { spec } = load();
  const segments = path.split('/');
  const ops = Object.entries(spec.paths as Record<string, Record<string, any>>)
    .filter(([template]) => {
      const t = template.split('/');
      return t.length === segments.length && t.every((s, i) => (s.startsWith('{') && s.endsWith('}') ? segments[i] !== '' : s === segments[i]));
    })
    .map(([, item]) => item[method.toLowerCase()])
    .filter((op) => op !== undefined);
  if (ops.length === 0) return [`the spec has no ${method} ${path}`];
  if (body !== null && body !== undefined && ops.every((op) => op.requestBody === undefined)) return [`${method} ${path} takes no body, but one was sent`];
  return null;
}
