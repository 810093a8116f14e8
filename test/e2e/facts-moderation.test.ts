// Moderators keep the facts from Discord, end to end: the real discord.js client (startBot, what
// `npm start` runs) against the Discord stand-in, which sends the interactions (attachments,
// buttons, a modal) and serves the uploaded files as Discord's CDN would. A moderator downloads a
// file, uploads a broken edit (problems, nothing changed), uploads the fix (the preview lists it),
// applies it (the next answer shows the new figure), finds it in the history and reverts it, and
// adds a figure through the modal; a member is refused at every step and on every button; the
// trail and `git log` say who did what; traversal, oversized, redirected and stale cases write
// nothing; the mod log channel receives the events. Every body sent is checked against Discord's
// OpenAPI description.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUSED_MESSAGE } from '../../src/commands/facts.ts';
import { createLogger } from '../../src/log.ts';
import { startBot, type RunningBot } from '../../src/transports/gateway/bot.ts';
import { validateComponentSchema } from '../helpers/openapi.ts';
import { DiscordStandIn, type RecordedRequest } from '../standin/discord.ts';
import { autocomplete, command, component, modalSubmit, opt, subcommandWithAttachment, type Sent } from '../standin/interactions.ts';
import { APP_ID, callbackOf, contractSkip, editOf, expectAllBodiesValid, FIXTURE_DATA, GUILD, member, MOD_ROLE, newUser, TOKEN } from './harness.ts';

const MOD_LOG_CHANNEL = '200000000000000099';

let standIn: DiscordStandIn;
let bot: RunningBot;
let root: string;
let data: string;
let state: string;
const mod = newUser();
const modWho = member(mod, { roles: [MOD_ROLE] });
const plain = member(newUser());

const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'Seed', GIT_AUTHOR_EMAIL: 'seed@x', GIT_COMMITTER_NAME: 'Seed', GIT_COMMITTER_EMAIL: 'seed@x' } });

beforeAll(async () => {
  standIn = await new DiscordStandIn({ token: TOKEN, applicationId: APP_ID, guilds: [GUILD] }).start();
  root = await mkdtemp(path.join(tmpdir(), 'facts-e2e-'));
  data = path.join(root, 'data');
  state = path.join(root, 'state');
  await mkdir(path.join(root, 'outside'));
  await cp(FIXTURE_DATA, data, { recursive: true });
  git('init', '-q', '-b', 'main');
  git('add', 'data');
  git('commit', '-q', '-m', 'seed');
  bot = await startBot({
    env: {
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: standIn.apiUrl,
      MODERATOR_ROLE_IDS: MOD_ROLE,
      DATA_DIR: data,
      STATE_DIR: state,
      DATA_GIT: 'on',
      MOD_LOG_CHANNEL_ID: MOD_LOG_CHANNEL,
    },
    logger: createLogger({ level: 'silent' }),
    watch: false,
    readyTimeoutMs: 15_000,
    rateLimit: { capacity: 1000, windowMs: 1000 },
  });
});

afterAll(async () => {
  await bot?.stop(2_000);
  await standIn?.close();
  await rm(root, { recursive: true, force: true });
});

const FACTS = () => readFile(path.join(data, 'facts.yaml'), 'utf8');
const withValue = (text: string, n: number) => text.replace('value: 1370', `value: ${n}`).replaceAll('at least 1,370 civilians', `at least ${n.toLocaleString('en-US')} civilians`);

/** The answer to a deferred interaction (the @original edit), or the callback itself when not deferred. */
async function answerOf(sent: Sent): Promise<{ callback: any; final: any; edit?: RecordedRequest }> {
  const callback = await callbackOf(standIn, sent, 10_000);
  if (callback.type !== InteractionResponseType.DeferredChannelMessageWithSource && callback.type !== InteractionResponseType.DeferredMessageUpdate) return { callback, final: callback.data };
  const final = await editOf(standIn, sent, 15_000);
  const edit = standIn.editsFor(sent.token).at(-1);
  return { callback, final, ...(edit ? { edit } : {}) };
}

function upload(who: typeof modWho, text: string, target?: string, name = 'facts.yaml'): Sent {
  const file = standIn.serveAttachment(name, text, { contentType: 'application/yaml' });
  return subcommandWithAttachment(standIn, who, 'facts', 'upload', 'file', file, target ? [opt.str('target', target)] : []);
}

const applyIdOf = (body: any): string => body.components[0].components[0].custom_id;
const cancelIdOf = (body: any): string => body.components[0].components[1].custom_id;
const modLogPosts = () => standIn.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${MOD_LOG_CHANNEL}/messages`);

describe('a moderator keeps the facts from Discord', () => {
  let original: string;
  let changeId: string;

  it('downloads a file as an attachment', async () => {
    original = await FACTS();
    const { callback, final, edit } = await answerOf(command(standIn, modWho, 'facts', [opt.sub('download', [opt.str('file', 'facts.yaml')])]));
    expect(callback).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    expect(final.content).toContain('`facts.yaml`');
    expect(edit?.files).toHaveLength(1);
    expect(edit!.files![0]!.filename).toBe('facts.yaml');
    expect(edit!.files![0]!.data.toString('utf8')).toBe(original);
  });

  it('uploads a broken edit: the problems, located, and nothing changed', async () => {
    const broken = original.replace('qualifier: at_least', 'qualifer: at_least');
    const { final } = await answerOf(upload(modWho, broken));
    expect(final.content).toMatch(/Nothing was changed: with this change the fact files would have 1 error/);
    expect(final.content).toMatch(/facts\.yaml:\d+:\d+ {2}facts\[0\]\S* +unknown key "qualifer"; did you mean "qualifier"\?/);
    expect(final.components ?? []).toEqual([]);
    expect(await FACTS()).toBe(original);
    await standIn.waitUntil(() => modLogPosts().some((r) => /Rejected: an upload of `facts.yaml`/.test(r.body.content)), 5_000, 'mod log: rejected');
  });

  it('uploads the fix: the preview lists the change; a member’s Apply is refused; the moderator’s applies it', async () => {
    const { final } = await answerOf(upload(modWho, withValue(original, 1371)));
    expect(final.content).toContain('~ cjtf-oir-civilian-deaths-2019-12: value at least 1,370 → at least 1,371');
    const applyId = applyIdOf(final);

    const refused = await callbackOf(standIn, component(standIn, plain, applyId));
    expect(refused).toMatchObject({ type: InteractionResponseType.ChannelMessageWithSource, data: { content: REFUSED_MESSAGE, flags: MessageFlags.Ephemeral } });
    expect(await FACTS()).toBe(original);

    const applied = await answerOf(component(standIn, modWho, applyId));
    expect(applied.callback).toEqual({ type: InteractionResponseType.DeferredMessageUpdate });
    expect(applied.final.content).toMatch(/✅ Applied: change `[0-9a-f]{10}` to `facts.yaml`/);
    expect(applied.final.content).toMatch(/Committed to git as `[0-9a-f]{12}`/);
    expect(applied.final.components).toEqual([]);
    changeId = /change `([0-9a-f]{10})`/.exec(applied.final.content)![1]!;
    expect(await FACTS()).toBe(withValue(original, 1371));
  });

  it('the next answers show the new figure', async () => {
    const body = await callbackOf(standIn, command(standIn, plain, 'casualties', [opt.str('subject', 'coalition')]));
    expect(JSON.stringify(body.data.embeds)).toContain('1,371');
    expect(JSON.stringify(body.data.embeds)).not.toContain('1,370');
  });

  it('the trail and git log say who did it', async () => {
    const trail = (await readFile(path.join(state, 'trail.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ id: changeId, user: { id: mod, name: `User ${mod.slice(-4)}` }, guildId: GUILD.id, action: 'upload', file: 'facts.yaml', previous: original });
    const log = git('log', '-1', '--format=%an <%ae>%n%s%n%b');
    expect(log).toContain(`User ${mod.slice(-4)} <${mod}@users.noreply.discord.invalid>`);
    expect(log).toContain('Update facts.yaml from Discord');
    expect(log).toContain(`Trail: ${changeId}`);
  });

  it('finds the change in /facts history and reverts it', async () => {
    const history = await callbackOf(standIn, command(standIn, modWho, 'facts', [opt.sub('history')]));
    expect(history.data.content).toContain(`\`${changeId}\``);
    expect(history.data.content).toContain('replaced `facts.yaml`');

    const choices = await callbackOf(standIn, autocomplete(standIn, modWho, 'facts', [opt.sub('revert', [opt.str('change', '', true)])]));
    expect(choices.data.choices[0].value).toBe(changeId);

    const preview = await answerOf(command(standIn, modWho, 'facts', [opt.sub('revert', [opt.str('change', changeId)])]));
    expect(preview.final.content).toContain('~ cjtf-oir-civilian-deaths-2019-12: value at least 1,371 → at least 1,370');
    const applied = await answerOf(component(standIn, modWho, applyIdOf(preview.final)));
    expect(applied.final.content).toMatch(/✅ Applied/);
    expect(await FACTS()).toBe(original);
    const body = await callbackOf(standIn, command(standIn, plain, 'casualties', [opt.str('subject', 'coalition')]));
    expect(JSON.stringify(body.data.embeds)).toContain('1,370');
    expect(git('log', '-1', '--format=%s')).toContain(`Revert ${changeId} in facts.yaml from Discord`);
  });

  it('adds a figure through the modal', async () => {
    const shown = await callbackOf(standIn, command(standIn, modWho, 'facts', [opt.sub('add', [opt.str('claimant', 'airwars'), opt.str('metric', 'civilian_deaths_likely')])]));
    expect(shown.type).toBe(InteractionResponseType.Modal);
    expect(shown.data.components.map((c: any) => c.component.custom_id)).toEqual(['who', 'value', 'when', 'source', 'quote']);
    const submitted = await answerOf(
      modalSubmit(standIn, modWho, shown.data.custom_id, {
        who: 'airwars, civilian_deaths_likely, us-led-coalition, iraq, syria',
        value: '8,300 to 13,200',
        when: 'as of 2020-02-29',
        source: 'airwars-2020',
        quote: 'between 8,300 and 13,200 civilians likely killed',
      }),
    );
    expect(submitted.callback).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    expect(submitted.final.content).toMatch(/\+ airwars-civilian-deaths-likely-2020-02-29: civilian_deaths_likely 8,300–13,200 as of 2020-02-29/);
    const applied = await answerOf(component(standIn, modWho, applyIdOf(submitted.final)));
    expect(applied.final.content).toMatch(/✅ Applied/);
    const body = await callbackOf(standIn, command(standIn, plain, 'casualties', [opt.str('subject', 'coalition')]));
    expect(JSON.stringify(body.data.embeds)).toContain('8,300');
    expect(await FACTS()).toContain('quote: between 8,300 and 13,200 civilians likely killed');
  });

  it('names the input when the form is wrong', async () => {
    const shown = await callbackOf(standIn, command(standIn, modWho, 'facts', [opt.sub('add')]));
    const submitted = await answerOf(modalSubmit(standIn, modWho, shown.data.custom_id, { who: 'airwars, civilian_deaths_likely', value: 'lots', when: '2020-02-30', source: 'airwars-2020', quote: 'x' }));
    expect(submitted.final.content).toMatch(/\*\*Value\*\*: “lots” is not a figure/);
    expect(submitted.final.content).toMatch(/\*\*Period or as of\*\*: “2020-02-30” is not a date/);
  });
});

describe('refusals that write nothing', () => {
  it('a member is refused every step: subcommands, autocomplete, buttons and the modal', async () => {
    const before = await FACTS();
    const preview = await answerOf(upload(modWho, withValue(before, 1380)));
    const applyId = applyIdOf(preview.final);
    const cancelId = cancelIdOf(preview.final);
    const steps: Sent[] = [
      command(standIn, plain, 'facts', [opt.sub('download', [opt.str('file', 'facts.yaml')])]),
      upload(plain, withValue(before, 1381)),
      command(standIn, plain, 'facts', [opt.sub('add')]),
      command(standIn, plain, 'facts', [opt.sub('history')]),
      command(standIn, plain, 'facts', [opt.sub('revert', [opt.str('change', 'abcdef0123')])]),
      component(standIn, plain, applyId),
      component(standIn, plain, cancelId),
      modalSubmit(standIn, plain, 'act:facts:add:', { who: 'airwars, civilian_deaths_likely', value: '1', when: '2020', source: 'airwars-2020', quote: '1' }),
    ];
    for (const s of steps) {
      const body = await callbackOf(standIn, s);
      expect(body, JSON.stringify(s.payload.data).slice(0, 120)).toMatchObject({ type: InteractionResponseType.ChannelMessageWithSource, data: { content: REFUSED_MESSAGE, flags: MessageFlags.Ephemeral } });
    }
    const ac = await callbackOf(standIn, autocomplete(standIn, plain, 'facts', [opt.sub('download', [opt.str('file', '', true)])]));
    expect(ac.data.choices).toEqual([]);
    expect(await FACTS()).toBe(before);
    const cancelled = await answerOf(component(standIn, modWho, cancelId));
    expect(cancelled.final.content).toMatch(/Cancelled: `facts.yaml` was not changed/);
  });

  it('path traversal, an absolute path, an oversized file and a redirected download are refused', async () => {
    const before = await FACTS();
    const extra = 'entities:\n  - { id: mosul, kind: place, name: Mosul, part_of: iraq, description: City. }\n';
    for (const target of ['../outside/x.yaml', '/tmp/x.yaml', 'a/../../outside/x.yaml']) {
      const { final } = await answerOf(upload(modWho, extra, target, 'x.yaml'));
      expect(final.content).toMatch(/^❌ .*(`\.` and `\.\.`|absolute)/);
    }
    const big = standIn.serveAttachment('big.yaml', 'x', { size: 3 * 1024 * 1024 });
    expect((await answerOf(subcommandWithAttachment(standIn, modWho, 'facts', 'upload', 'file', big, [opt.str('target', 'big.yaml')]))).final.content).toMatch(/limit is 1024 KiB/);
    const streamed = standIn.serveAttachment('huge.yaml', `# ${'x'.repeat(1024 * 1024 + 100)}\n`, { size: 10 });
    expect((await answerOf(subcommandWithAttachment(standIn, modWho, 'facts', 'upload', 'file', streamed, [opt.str('target', 'huge.yaml')]))).final.content).toMatch(/larger than 1024 KiB/);
    const moved = standIn.serveAttachment('moved.yaml', extra, { status: 302 });
    expect((await answerOf(subcommandWithAttachment(standIn, modWho, 'facts', 'upload', 'file', moved, [opt.str('target', 'moved.yaml')]))).final.content).toMatch(/redirect/);
    expect(await readdir(path.join(root, 'outside'))).toEqual([]);
    expect((await readdir(data)).sort()).toEqual(['facts.yaml', 'vocabulary.yaml']);
    expect(await FACTS()).toBe(before);
  });

  it('a stale preview is refused once another change went in first', async () => {
    const before = await FACTS();
    const first = await answerOf(upload(modWho, withValue(before, 1390)));
    const second = await answerOf(upload(modWho, withValue(before, 1391)));
    expect((await answerOf(component(standIn, modWho, applyIdOf(first.final)))).final.content).toMatch(/Applied/);
    const stale = await answerOf(component(standIn, modWho, applyIdOf(second.final)));
    expect(stale.final.content).toMatch(/`facts.yaml` has changed since this preview/);
    expect(await FACTS()).toBe(withValue(before, 1390));
  });
});

describe('edits from elsewhere', () => {
  it('a broken hand edit, rejected on reload, reaches the mod log too', async () => {
    const good = await FACTS();
    await writeFile(path.join(data, 'facts.yaml'), good.replace('qualifier: at_least', 'qualifier: at_leest'));
    const reload = await answerOf(command(standIn, modWho, 'facts', [opt.sub('reload')]));
    expect(reload.final.content).toMatch(/❌ The fact files have errors/);
    await standIn.waitUntil(() => modLogPosts().some((r) => /Rejected: fact files \(\/facts reload by \d+\)/.test(r.body.content)), 8_000, 'mod log: rejected reload');
    await writeFile(path.join(data, 'facts.yaml'), good);
    expect((await answerOf(command(standIn, modWho, 'facts', [opt.sub('reload')]))).final.content).toMatch(/✅/);
  });
});

describe('a moderator drafts figures from a report (/facts draft)', () => {
  // In the words the fixture's vocabulary knows (test/fixtures/gateway-data/vocabulary.yaml).
  const REPORT = 'CJTF-OIR assesses at least 1,410 civilian casualties in Iraq and Syria between August 2014 and September 2020.\n';
  const draft = (who: typeof modWho) =>
    subcommandWithAttachment(standIn, who, 'facts', 'draft', 'file', standIn.serveAttachment('report.txt', REPORT, { contentType: 'text/plain' }), [opt.str('published', '2020-10-29')]);

  it('sends back a draft fact file to review, every figure a draft, and changes nothing', async () => {
    const before = await FACTS();
    const { callback, final, edit } = await answerOf(draft(modWho));
    expect(callback).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    expect(final.content).toMatch(/^📝 1 figure proposed from `report\.txt`/);
    expect(edit?.files).toHaveLength(1);
    const yaml = edit!.files![0]!.data.toString('utf8');
    expect(edit!.files![0]!.filename).toBe('draft-report.yaml');
    expect(yaml).toContain('draft: true');
    expect(yaml).toMatch(/value: 1410/);
    expect(yaml).toContain('status: unconfirmed');
    expect(await FACTS()).toBe(before);
  });

  it('refuses a member', async () => {
    const { final } = await answerOf(draft(plain));
    expect(final.content).toBe(REFUSED_MESSAGE);
  });
});

describe('the mod log', () => {
  it('received the applied changes, the revert and the rejected edit, pinging nobody', async () => {
    await bot.stop(2_000); // flushes the posts in flight
    const posts = modLogPosts();
    const texts = posts.map((p) => p.body.content as string);
    expect(texts.some((t) => /Rejected: an upload of `facts.yaml`/.test(t))).toBe(true);
    expect(texts.some((t) => new RegExp(`<@${mod}> .*replaced \`facts.yaml\``).test(t))).toBe(true);
    expect(texts.some((t) => /reverted change `[0-9a-f]{10}` in `facts.yaml`/.test(t))).toBe(true);
    expect(texts.some((t) => /added a figure to `facts.yaml`/.test(t))).toBe(true);
    for (const p of posts) {
      expect(p.authorization).toBe(`Bot ${TOKEN}`);
      expect(p.body.allowed_mentions).toEqual({ parse: [] });
      if (!contractSkip) expect(validateComponentSchema('MessageCreateRequest', p.body)).toBeNull();
    }
    expect(expectAllBodiesValid(standIn)).toBeGreaterThan(20);
  });
});
