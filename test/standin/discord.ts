// A local stand-in for Discord, enough for the real discord.js client: the REST API under
// /api/v10 (GET /gateway/bot, interaction callbacks, @original edits and deletes, follow-ups,
// command PUT, channel messages) and a JSON WebSocket gateway (HELLO, IDENTIFY → READY + GUILD_CREATE,
// heartbeat ACK, RESUME with replay → RESUMED, INTERACTION_CREATE and MESSAGE_CREATE dispatch,
// GUILD_CREATE for a server joined later, opcode 7 and closes on demand). Every HTTP
// request and gateway payload is recorded, and faults can be injected per route. With `shards`
// above 1, GET /gateway/bot recommends that many and each shard is a connection of its own, with
// its own session, the guilds Discord's formula gives it ((guild_id >> 22) % shards), and their
// interactions and messages.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RecordedRequest {
  readonly method: string;
  /** Path without the /api/v10 prefix or the query, e.g. /interactions/1/abc/callback. */
  readonly path: string;
  readonly query: string;
  readonly authorization: string | undefined;
  /** JSON bodies parsed; for multipart/form-data, the parsed payload_json. */
  readonly body: any;
  /** Files of a multipart/form-data request (files[n]), as Discord reads them. */
  readonly files?: readonly { readonly field: string; readonly filename: string; readonly contentType: string; readonly data: Buffer }[];
  readonly at: number;
}

/** A file the stand-in serves as Discord's CDN would, for attachment options. */
export interface ServedAttachment {
  readonly body: Buffer;
  readonly contentType?: string;
  /** Answer with this status (and a Location header to /) instead: redirects, errors. */
  readonly status?: number;
}

export interface GatewayFrame {
  readonly direction: 'in' | 'out';
  readonly op: number;
  readonly t?: string | null;
  readonly d: any;
  readonly at: number;
}

export interface Fault {
  method: string;
  /** Matched against the path (without /api/v10). */
  path: RegExp;
  status: number;
  /** How many matching requests fail; Infinity for all. */
  times: number;
  body?: unknown;
}

export interface StandInGuild {
  id: string;
  name: string;
  channelId: string;
  roles: { id: string; name: string; permissions: string }[];
}

export interface StandInOptions {
  token: string;
  applicationId: string;
  guilds?: StandInGuild[];
  heartbeatIntervalMs?: number;
  /** Shards GET /gateway/bot recommends (default 1). */
  shards?: number;
}

interface Session {
  id: string;
  seq: number;
  log: { s: number; payload: string }[];
}

/** One shard's connection and session. */
interface ShardConn {
  socket: WebSocket | undefined;
  session: Session | undefined;
  ready: boolean;
}

/** The shard Discord routes a guild's events to. */
export function shardOf(guildId: string, shards: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shards));
}

/** Discord's epoch, for snowflakes whose timestamp is now (discord.js reads createdTimestamp). */
const EPOCH = 1420070400000n;
let increment = 0n;
export function snowflake(at = Date.now()): string {
  increment = (increment + 1n) % 4096n;
  return (((BigInt(at) - EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

export class DiscordStandIn {
  readonly requests: RecordedRequest[] = [];
  readonly frames: GatewayFrame[] = [];
  readonly faults: Fault[] = [];
  /** Commands as last PUT, per scope ("global" or a guild id). */
  readonly commands = new Map<string, any[]>();
  /** Files served under /attachments/… (the CDN), by path. */
  readonly attachments = new Map<string, ServedAttachment>();
  identifies = 0;
  resumes = 0;
  connections = 0;
  /**
   * Messages in channels that interactions answered or were clicked on, by id: a callback of type
   * 4 or 5 makes one (with interaction_metadata naming who asked), 7 and PATCH @original change
   * it, DELETE @original removes it. A message a component interaction carries is its @original.
   */
  readonly messages = new Map<string, any>();
  /** Interactions dispatched (or told of with `interactionSeen`), by token. */
  private interactions = new Map<string, any>();
  /** Each interaction token's @original: the message id. */
  private originals = new Map<string, string>();

  private server: Server;
  private wss: WebSocketServer;
  /** By shard id; shard 0 alone unless `shards` says more. */
  private conns = new Map<number, ShardConn>();
  private waiters: Array<() => void> = [];
  private port = 0;
  readonly options: Required<StandInOptions>;

  constructor(options: StandInOptions) {
    this.options = { guilds: [], heartbeatIntervalMs: 41_250, shards: 1, ...options };
    this.server = createServer((req, res) => this.onRequest(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      if (!(req.url ?? '').startsWith('/gateway')) return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The base URL to put in DISCORD_API_URL (discord.js appends /v10). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  /** Every shard has an open connection. */
  get connected(): boolean {
    return this.shardIds().every((id) => this.conns.get(id)?.socket?.readyState === 1);
  }

  private shardIds(): number[] {
    return Array.from({ length: this.options.shards }, (_, i) => i);
  }

  private conn(shard: number): ShardConn {
    let c = this.conns.get(shard);
    if (!c) {
      c = { socket: undefined, session: undefined, ready: false };
      this.conns.set(shard, c);
    }
    return c;
  }

  /** Identifies per shard, for tests of sharding. */
  readonly shardIdentifies = new Map<number, number>();

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /**
   * Serves `body` as an uploaded attachment and returns it as Discord resolves an attachment option.
   * The URL is https on the stand-in's host, as Discord's are; the bot fetches it with
   * DISCORD_API_URL's own protocol (plain HTTP here).
   */
  serveAttachment(filename: string, body: string | Buffer, options: { contentType?: string; status?: number; size?: number } = {}): { id: string; filename: string; size: number; url: string; proxy_url: string; content_type?: string } {
    const id = snowflake();
    const path = `/attachments/${id}/${encodeURIComponent(filename)}`;
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    this.attachments.set(path, { body: bytes, ...(options.contentType ? { contentType: options.contentType } : {}), ...(options.status ? { status: options.status } : {}) });
    const url = `https://127.0.0.1:${this.port}${path}?ex=0&is=0&hm=0`;
    return { id, filename, size: options.size ?? bytes.byteLength, url, proxy_url: url, ...(options.contentType ? { content_type: options.contentType } : {}) };
  }

  fail(fault: Omit<Fault, 'times'> & { times?: number }): void {
    this.faults.push({ times: 1, ...fault });
  }

  /** Resolves when a recorded request matches, waiting for it if need be. */
  async waitForRequest(match: (r: RecordedRequest) => boolean, timeoutMs = 5_000, what = 'request'): Promise<RecordedRequest> {
    return this.waitUntil(() => this.requests.find(match), timeoutMs, what);
  }

  /** Polls `probe` whenever something is recorded, until it returns a value. */
  async waitUntil<T>(probe: () => T | undefined | false, timeoutMs = 5_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = probe();
      if (found !== undefined && found !== false) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`stand-in: timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /**
   * Discord sent this interaction: its token now names an @original (for a component, the message
   * it carries). dispatch() calls it; HTTP-mode tests, which post interactions themselves, call it.
   */
  interactionSeen(payload: any): void {
    if (typeof payload?.token !== 'string') return;
    this.interactions.set(payload.token, payload);
    const m = payload.message;
    if (m && typeof m.id === 'string') {
      if (!this.messages.has(m.id) && !this.deleted.has(m.id)) this.messages.set(m.id, m);
      this.originals.set(payload.token, m.id);
    }
  }

  /** Ids of messages deleted (DELETE @original). */
  readonly deleted = new Set<string>();

  /** The message an interaction token's @original is, while it exists. */
  originalOf(token: string): any | undefined {
    const id = this.originals.get(token);
    return id === undefined ? undefined : this.messages.get(id);
  }

  callbacksFor(interactionId: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${interactionId}/`));
  }

  editsFor(token: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'PATCH' && r.path === `/webhooks/${this.options.applicationId}/${token}/messages/@original`);
  }

  /** Messages the bot posted (POST /channels/{id}/messages), optionally only those replying to one message. */
  messagesPosted(replyTo?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && (replyTo === undefined || r.body?.message_reference?.message_id === replyTo),
    );
  }

  /** The bot was added to another server: GUILD_CREATE, as Discord sends on joining. */
  addGuild(g: StandInGuild): void {
    this.options.guilds.push(g);
    const shard = shardOf(g.id, this.options.shards);
    if (this.conn(shard).session) this.dispatch('GUILD_CREATE', guildCreate(g, this.options.applicationId), shard);
  }

  // ---- gateway control -------------------------------------------------------------------------

  /**
   * Sends a dispatch (or queues it for replay on RESUME while disconnected), on the shard of the
   * guild it is about (`guild_id`), or shard 0, unless `shard` says.
   */
  dispatch(t: string, d: unknown, shard?: number): void {
    const guildId = (d as { guild_id?: unknown } | null)?.guild_id;
    const c = this.conn(shard ?? (typeof guildId === 'string' ? shardOf(guildId, this.options.shards) : 0));
    if (!c.session) throw new Error('stand-in: no gateway session to dispatch to');
    if (t === 'INTERACTION_CREATE') this.interactionSeen(d);
    const s = ++c.session.seq;
    const payload = JSON.stringify({ op: 0, t, s, d });
    c.session.log.push({ s, payload });
    if (c.socket?.readyState === 1) this.sendRaw(c.socket, payload, { op: 0, t, d });
  }

  /** Closes every shard's gateway connection the way Discord might: 4000 (resumable) by default. */
  closeGateway(code = 4000, reason = 'stand-in closed the connection'): void {
    for (const c of this.conns.values()) c.socket?.close(code, reason);
  }

  /** Opcode 7: the client should reconnect and resume. */
  sendReconnect(): void {
    for (const c of this.conns.values()) if (c.socket) this.send(c.socket, { op: 7, d: null });
  }

  /** Resolves once every shard's session is READY or RESUMED on a live connection. */
  async waitForSession(minIdentifies = 1, minResumes = 0, timeoutMs = 10_000): Promise<void> {
    await this.waitUntil(
      () => this.connected && this.identifies >= minIdentifies && this.resumes >= minResumes && this.frames.at(-1) !== undefined && this.ready,
      timeoutMs,
      `gateway session (identifies ≥ ${minIdentifies}, resumes ≥ ${minResumes})`,
    );
  }

  private get ready(): boolean {
    return this.shardIds().every((id) => this.conns.get(id)?.ready === true);
  }

  private onConnection(ws: WebSocket): void {
    this.connections += 1;
    if (this.options.shards === 1) {
      // One shard: a new connection replaces the old one at once, as before sharding existed here.
      const c = this.conn(0);
      c.socket?.terminate();
      c.socket = ws;
      c.ready = false;
    }
    // With several, a connection is a shard's once it says which (IDENTIFY) or whose session (RESUME).
    ws.on('message', (data) => this.onGatewayMessage(ws, data.toString()));
    ws.on('close', () => {
      for (const c of this.conns.values()) {
        if (c.socket === ws) {
          c.socket = undefined;
          c.ready = false;
        }
      }
      this.notify();
    });
    this.send(ws, { op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
  }

  /** Makes `ws` the shard's connection, closing one it replaces. */
  private claim(shard: number, ws: WebSocket): ShardConn {
    const c = this.conn(shard);
    if (c.socket !== ws) {
      c.socket?.terminate();
      c.socket = ws;
    }
    return c;
  }

  private onGatewayMessage(ws: WebSocket, text: string): void {
    let payload: any;
    try {
      payload = JSON.parse(text);
    } catch {
      ws.close(4002, 'Error while decoding payload.');
      return;
    }
    this.frames.push({ direction: 'in', op: payload.op, d: redactFrame(payload), at: Date.now() });
    switch (payload.op) {
      case 1:
        this.send(ws, { op: 11 });
        break;
      case 2: {
        const d = payload.d ?? {};
        if (d.token !== this.options.token) return ws.close(4004, 'Authentication failed.');
        if (typeof d.intents !== 'number') return ws.close(4013, 'Invalid intent(s).');
        const shards = this.options.shards;
        const shard = Array.isArray(d.shard) ? Number(d.shard[0]) : 0;
        if (shards > 1 && (!Array.isArray(d.shard) || d.shard[1] !== shards || !(shard >= 0 && shard < shards))) return ws.close(4010, 'Invalid shard.');
        this.identifies += 1;
        this.shardIdentifies.set(shard, (this.shardIdentifies.get(shard) ?? 0) + 1);
        const c = this.claim(shard, ws);
        const sessionId = randomBytes(16).toString('hex');
        c.session = { id: sessionId, seq: 0, log: [] };
        c.ready = true;
        const mine = this.options.guilds.filter((g) => shardOf(g.id, shards) === shard);
        this.dispatch('READY', {
          v: 10,
          user: { id: this.options.applicationId, username: 'Contested Figures', discriminator: '0000', global_name: null, avatar: null, bot: true, flags: 0 },
          guilds: mine.map((g) => ({ id: g.id, unavailable: true })),
          session_id: sessionId,
          resume_gateway_url: `${this.gatewayUrl}/resume`,
          shard: d.shard ?? [0, 1],
          application: { id: this.options.applicationId, flags: 0 },
          private_channels: [],
          relationships: [],
          presences: [],
          guild_join_requests: [],
          geo_ordered_rtc_regions: [],
          user_settings: {},
        }, shard);
        for (const g of mine) this.dispatch('GUILD_CREATE', guildCreate(g, this.options.applicationId), shard);
        break;
      }
      case 6: {
        const d = payload.d ?? {};
        if (d.token !== this.options.token) return ws.close(4004, 'Authentication failed.');
        const shard = [...this.conns].find(([, c]) => c.session !== undefined && c.session.id === d.session_id)?.[0];
        if (shard === undefined) {
          this.send(ws, { op: 9, d: false });
          return;
        }
        const c = this.claim(shard, ws);
        this.resumes += 1;
        c.ready = true;
        // Replay what was missed, then RESUMED, as Discord does.
        for (const e of c.session!.log) if (e.s > (d.seq ?? 0)) this.sendRaw(ws, e.payload, JSON.parse(e.payload));
        this.dispatch('RESUMED', null, shard);
        break;
      }
      default:
        break;
    }
    this.notify();
  }

  private send(ws: WebSocket, payload: { op: number; t?: string; s?: number; d?: unknown }): void {
    this.sendRaw(ws, JSON.stringify({ t: null, s: null, d: null, ...payload }), payload);
  }

  private sendRaw(ws: WebSocket, text: string, payload: { op: number; t?: string; d?: unknown }): void {
    if (ws.readyState !== 1) return;
    this.frames.push({ direction: 'out', op: payload.op, t: payload.t ?? null, d: payload.d, at: Date.now() });
    ws.send(text);
  }

  // ---- REST --------------------------------------------------------------------------------------

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void this.onBody(req, res, Buffer.concat(chunks)));
  }

  private async onBody(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    {
      const url = new URL(req.url ?? '/', 'http://standin');
      const prefix = '/api/v10';
      const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
      const text = raw.toString('utf8');
      let body: any = null;
      let files: RecordedRequest['files'];
      const type = req.headers['content-type'] ?? '';
      if (type.startsWith('multipart/form-data')) {
        // As Discord reads it: the JSON in payload_json, each file in its own part.
        const form = await new Request('http://standin/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
        const parts: NonNullable<RecordedRequest['files']>[number][] = [];
        for (const [field, value] of form.entries()) {
          if (typeof value === 'string') {
            if (field === 'payload_json') body = JSON.parse(value);
          } else {
            parts.push({ field, filename: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
          }
        }
        files = parts;
      } else {
        try {
          body = text === '' ? null : JSON.parse(text);
        } catch {
          body = text;
        }
      }
      const record: RecordedRequest = {
        method: req.method ?? '',
        path,
        query: url.search,
        authorization: req.headers.authorization,
        body,
        ...(files ? { files } : {}),
        at: Date.now(),
      };
      this.requests.push(record);
      try {
        this.route(record, res, url.pathname.startsWith(prefix));
      } finally {
        this.notify();
      }
    }
  }

  private route(r: RecordedRequest, res: ServerResponse, versioned: boolean): void {
    const json = (status: number, payload: unknown): void => {
      if (status === 204) {
        res.writeHead(204).end();
        return;
      }
      const t = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(t) }).end(t);
    };
    const served = r.method === 'GET' ? this.attachments.get(r.path) : undefined;
    if (served) {
      if (served.status && served.status !== 200) return void res.writeHead(served.status, { location: '/' }).end();
      res.writeHead(200, { 'content-type': served.contentType ?? 'application/octet-stream', 'content-length': served.body.byteLength }).end(served.body);
      return;
    }
    if (!versioned) return json(404, { message: '404: Not Found', code: 0 });
    const fault = this.faults.find((f) => f.times > 0 && f.method === r.method && f.path.test(r.path));
    if (fault) {
      fault.times -= 1;
      return json(fault.status, fault.body ?? { message: 'stand-in fault', code: 0 });
    }
    const botAuth = r.authorization === `Bot ${this.options.token}`;
    const app = this.options.applicationId;
    let m: RegExpExecArray | null;

    if (r.method === 'GET' && r.path === '/gateway/bot') {
      if (!botAuth) return json(401, { message: '401: Unauthorized', code: 0 });
      return json(200, {
        url: this.gatewayUrl,
        shards: this.options.shards,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
      });
    }
    if (r.method === 'POST' && (m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(r.path))) {
      // Interaction routes are authorised by the token in the path; an Authorization header is not needed.
      this.answered(m[2]!, r.body);
      return json(204, null);
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/.exec(r.path)) && this.originals.has(m[2]!)) {
      // A token whose @original the stand-in knows: the message itself is read, edited, deleted.
      if (m[1] !== app) return json(404, { message: 'Unknown Webhook', code: 10015 });
      const id = this.originals.get(m[2]!)!;
      const kept = this.messages.get(id);
      if (!kept) return json(404, { message: 'Unknown Message', code: 10008 });
      if (r.method === 'DELETE') {
        this.messages.delete(id);
        this.deleted.add(id);
        return json(204, null);
      }
      if (r.method === 'PATCH') Object.assign(kept, editOf(r.body), { edited_timestamp: new Date().toISOString() });
      if (r.method === 'PATCH' || r.method === 'GET') return json(200, kept);
    }
    if ((r.method === 'PATCH' || r.method === 'GET') && (m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/.exec(r.path))) {
      if (m[1] !== app) return json(404, { message: 'Unknown Webhook', code: 10015 });
      return json(200, message(app, r.body));
    }
    if (r.method === 'DELETE' && (m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/.exec(r.path))) {
      // A token the stand-in never saw an interaction for.
      return json(404, { message: 'Unknown Webhook', code: 10015 });
    }
    if (r.method === 'POST' && (m = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(r.path))) {
      if (m[1] !== app) return json(404, { message: 'Unknown Webhook', code: 10015 });
      return json(200, message(app, r.body));
    }
    if (r.method === 'POST' && (m = /^\/channels\/(\d+)\/messages$/.exec(r.path))) {
      // Posting in a channel takes the bot token (and, in Discord, Send Messages there).
      if (!botAuth) return json(401, { message: '401: Unauthorized', code: 0 });
      if (r.body === null || typeof r.body !== 'object') return json(400, { message: 'Cannot send an empty message', code: 50006 });
      const guild = this.options.guilds.find((g) => g.channelId === m![1]);
      const created = {
        ...message(app, r.body),
        channel_id: m[1],
        webhook_id: undefined,
        ...(r.body.message_reference ? { message_reference: r.body.message_reference, type: 19 } : { type: 0 }),
      };
      json(200, created);
      // As Discord does, the bot hears its own message on the gateway too.
      const shard = guild ? shardOf(guild.id, this.options.shards) : 0;
      if (this.conn(shard).session) this.dispatch('MESSAGE_CREATE', { ...created, ...(guild ? { guild_id: guild.id } : {}) }, shard);
      return;
    }
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(r.path))) {
      if (!botAuth) return json(401, { message: '401: Unauthorized', code: 0 });
      if (m[1] !== app) return json(403, { message: 'Missing Access', code: 50001 });
      const scope = m[2] ?? 'global';
      if (r.method === 'GET') return json(200, this.commands.get(scope) ?? []);
      if (r.method === 'PUT') {
        if (!Array.isArray(r.body)) return json(400, { message: 'Invalid Form Body', code: 50035 });
        // Bulk overwrite: same names keep their ids, so a repeated PUT is idempotent.
        const before = new Map((this.commands.get(scope) ?? []).map((c: any) => [c.name, c.id]));
        const saved = r.body.map((c: any) => ({
          ...c,
          id: before.get(c.name) ?? snowflake(),
          application_id: app,
          version: snowflake(),
          ...(m![2] ? { guild_id: m![2] } : {}),
        }));
        this.commands.set(scope, saved);
        return json(200, saved);
      }
    }
    return json(404, { message: '404: Not Found', code: 0 });
  }

  /** A callback to a known interaction: 4 and 5 make its @original message, 7 changes the one clicked on. */
  private answered(token: string, body: any): void {
    const interaction = this.interactions.get(token);
    if (!interaction || body === null || typeof body !== 'object') return;
    if (body.type === 4 || body.type === 5) {
      const user = interaction.member?.user ?? interaction.user;
      const created: Record<string, any> = {
        ...message(this.options.applicationId, body.type === 5 ? { flags: body.data?.flags } : body.data),
        channel_id: interaction.channel_id,
        ...(interaction.guild_id ? { guild_id: interaction.guild_id } : {}),
        // Components carry the message they sit on, interaction_metadata included, as Discord sends it.
        interaction_metadata: { id: interaction.id, type: interaction.type, user, authorizing_integration_owners: interaction.authorizing_integration_owners ?? {}, ...(interaction.data?.name ? { name: interaction.data.name, command_type: 1 } : {}) },
      };
      this.messages.set(created.id, created);
      this.originals.set(token, created.id);
    } else if (body.type === 7) {
      const kept = this.originalOf(token);
      if (kept) Object.assign(kept, editOf(body.data ?? {}), { edited_timestamp: new Date().toISOString() });
    }
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

function message(applicationId: string, body: any): Record<string, unknown> {
  return {
    id: snowflake(),
    type: 20,
    channel_id: '1',
    author: { id: applicationId, username: 'Contested Figures', discriminator: '0000', global_name: null, avatar: null, bot: true },
    content: body?.content ?? '',
    embeds: body?.embeds ?? [],
    components: body?.components ?? [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: body?.flags ?? 0,
    webhook_id: applicationId,
  };
}

/** The fields an edit (or an UPDATE_MESSAGE) sets on a message. */
function editOf(body: any): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['content', 'embeds', 'components', 'attachments'] as const) if (body?.[k] !== undefined && body[k] !== null) out[k] = body[k];
  return out;
}

function guildCreate(g: StandInGuild, botId: string): Record<string, unknown> {
  return {
    id: g.id,
    name: g.name,
    icon: null,
    owner_id: '100000000000000001',
    unavailable: false,
    member_count: 3,
    large: false,
    joined_at: new Date().toISOString(),
    features: [],
    roles: [
      { id: g.id, name: '@everyone', permissions: '0', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
      ...g.roles.map((r, i) => ({ ...r, position: i + 1, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 })),
    ],
    channels: [{ id: g.channelId, type: 0, name: 'general', position: 0, permission_overwrites: [], guild_id: g.id }],
    members: [{ user: { id: botId, username: 'Contested Figures', discriminator: '0000', avatar: null, bot: true }, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }],
    threads: [],
    presences: [],
    voice_states: [],
    emojis: [],
    stickers: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    premium_tier: 0,
    preferred_locale: 'en-US',
    verification_level: 0,
    explicit_content_filter: 0,
    default_message_notifications: 0,
    mfa_level: 0,
    nsfw_level: 0,
    system_channel_flags: 0,
  };
}

/** Gateway frames are recorded without the token the client sent. */
function redactFrame(payload: any): any {
  if (payload?.d && typeof payload.d === 'object' && 'token' in payload.d) return { ...payload.d, token: '[redacted]' };
  return payload?.d;
}
