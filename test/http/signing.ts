// A throwaway Ed25519 key pair and a signer, standing in for Discord in tests and the benchmark.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface TestSigner {
  /** 64 hex characters, as the Developer Portal shows it. */
  readonly publicKeyHex: string;
  readonly privateKey: KeyObject;
  /** Headers for `body` signed at `timestamp` (Unix seconds as a string). */
  headers(body: string | Buffer, timestamp?: string): Record<string, string>;
}

export function createTestSigner(): TestSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  const publicKeyHex = Buffer.from(jwk.x as string, 'base64url').toString('hex');
  return {
    publicKeyHex,
    privateKey,
    headers(body, timestamp = String(Math.floor(Date.now() / 1000))) {
      const signature = sign(null, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), privateKey);
      return {
        'content-type': 'application/json',
        'x-signature-ed25519': signature.toString('hex'),
        'x-signature-timestamp': timestamp,
      };
    },
  };
}

const APP_ID = '100000000000000001';
const GUILD_ID = '200000000000000002';
const USER_ID = '300000000000000003';

interface Who {
  userId?: string;
  /** Guild member permissions bitfield (decimal string); absent means a DM. */
  permissions?: string;
  roles?: string[];
  dm?: boolean;
}

function caller(who: Who = {}): Record<string, unknown> {
  const user = { id: who.userId ?? USER_ID, username: 'tester', discriminator: '0', global_name: null, avatar: null };
  if (who.dm) return { user, context: 2 };
  return {
    guild_id: GUILD_ID,
    member: { user, roles: who.roles ?? [], permissions: who.permissions ?? '0', joined_at: '2020-01-01T00:00:00Z' },
    context: 0,
  };
}

let counter = 0;
function envelope(type: number, data: unknown, who?: Who): Record<string, unknown> {
  counter += 1;
  return {
    id: String(400000000000000000n + BigInt(counter)),
    application_id: APP_ID,
    type,
    token: `test-token-${counter}`,
    version: 1,
    locale: 'en-US',
    channel_id: '500000000000000005',
    ...(data === undefined ? {} : { data }),
    ...caller(who),
  };
}

export const ids = { APP_ID, GUILD_ID, USER_ID };

export function pingInteraction(): Record<string, unknown> {
  return { id: '400000000000000000', application_id: APP_ID, type: 1, token: 'ping-token', version: 1 };
}

type Opt = { name: string; type: number; value?: string | number | boolean; focused?: boolean; options?: Opt[] };

/** `/name [subcommand] option:value …` as Discord would send it. Values: 3 string, 4 integer, 10 number, 5 boolean. */
export function commandInteraction(
  name: string,
  options: Record<string, string | number | boolean> = {},
  subcommand?: string,
  who?: Who,
): Record<string, unknown> {
  const leaves = leafOptions(options);
  const opts = subcommand ? [{ name: subcommand, type: 1, options: leaves }] : leaves;
  return envelope(2, { id: '600000000000000006', name, type: 1, ...(opts.length ? { options: opts } : {}) }, who);
}

export function autocompleteInteraction(
  name: string,
  options: Record<string, string | number | boolean>,
  focused: string,
  subcommand?: string,
  who?: Who,
): Record<string, unknown> {
  const leaves = leafOptions(options).map((o) => (o.name === focused ? { ...o, focused: true } : o));
  const opts = subcommand ? [{ name: subcommand, type: 1, options: leaves }] : leaves;
  return envelope(4, { id: '600000000000000006', name, type: 1, options: opts }, who);
}

export function componentInteraction(customId: string, values?: string[], who?: Who): Record<string, unknown> {
  const data = values ? { custom_id: customId, component_type: 3, values } : { custom_id: customId, component_type: 2 };
  return {
    ...envelope(3, data, who),
    message: { id: '700000000000000007', channel_id: '500000000000000005', content: '', embeds: [], components: [] },
  };
}

function leafOptions(options: Record<string, string | number | boolean>): Opt[] {
  return Object.entries(options).map(([name, value]) => ({
    name,
    value,
    type: typeof value === 'boolean' ? 5 : typeof value === 'number' ? (Number.isInteger(value) ? 4 : 10) : 3,
  }));
}

/** A slash command whose `option` is an uploaded file, resolved as Discord sends it. */
export function attachmentCommandInteraction(name: string, option: string, file: { id: string; filename: string; size: number; url: string; content_type?: string }, who?: Who): Record<string, unknown> {
  return envelope(2, { id: '600000000000000006', name, type: 1, options: [{ name: option, type: 11, value: file.id }], resolved: { attachments: { [file.id]: { ...file, proxy_url: file.url } } } }, who);
}

/** A submitted modal: text inputs in action rows, and one in a label (Discord's newer layout). */
export function modalInteraction(customId: string, fields: Record<string, string>, who?: Who): Record<string, unknown> {
  const entries = Object.entries(fields);
  const components = entries.map(([id, value], i) =>
    i === entries.length - 1 && entries.length > 1
      ? { type: 18, id: i + 1, component: { type: 4, id: i + 10, custom_id: id, value } }
      : { type: 1, id: i + 1, components: [{ type: 4, id: i + 10, custom_id: id, value }] },
  );
  return envelope(5, { custom_id: customId, components }, who);
}
