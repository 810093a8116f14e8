// The structured logger: levels, JSON lines, and that secrets never come out, whatever their route.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createLogger, redactText, REDACTED } from '../../src/log.ts';

const BOT_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAy.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB';

function capture(level: 'debug' | 'info' | 'warn' | 'error' | 'silent' = 'debug', secrets: string[] = []) {
  const lines: string[] = [];
  const logger = createLogger({ level, write: (l) => lines.push(l), secrets, now: () => new Date(0) });
  return { lines, logger, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logger', () => {
  it('writes one JSON object per line with time, level, msg and fields', () => {
    const { logger, records } = capture();
    logger.child({ component: 'gateway' }).info('connected', { guilds: 2 });
    expect(records()).toEqual([{ time: '1970-01-01T00:00:00.000Z', level: 'info', msg: 'connected', component: 'gateway', guilds: 2 }]);
  });

  it('drops lines below the level; silent drops everything', () => {
    const info = capture('warn');
    info.logger.debug('a');
    info.logger.info('b');
    info.logger.warn('c');
    info.logger.error('d');
    expect(info.records().map((r) => r.msg)).toEqual(['c', 'd']);
    const silent = capture('silent');
    silent.logger.error('x');
    expect(silent.lines).toEqual([]);
  });

  it('redacts secret-named fields, token shapes, registered secrets and interaction URLs', () => {
    const { logger, lines } = capture('debug', ['a-registered-secret']);
    logger.error('request failed: POST /api/v10/interactions/123/aW50ZXJhY3Rpb246MTIzOmFiYw/callback', {
      token: 'anything',
      headers: { Authorization: `Bot ${BOT_TOKEN}` },
      error: new Error(`401 with Bot ${BOT_TOKEN} and a-registered-secret`),
      url: 'https://discord.com/api/v10/webhooks/456/some-webhook-token/messages/@original',
      nested: { deeper: { text: `token ${BOT_TOKEN} here` } },
    });
    const out = lines.join('\n');
    expect(out).not.toContain(BOT_TOKEN);
    expect(out).not.toContain('aW50ZXJhY3Rpb246MTIzOmFiYw');
    expect(out).not.toContain('some-webhook-token');
    expect(out).not.toContain('a-registered-secret');
    expect(out).not.toContain('anything');
    expect(out).toContain('/interactions/123/[redacted]');
    expect(out).toContain('"name":"Error"');
  });

  it('never emits a registered secret, wherever it is embedded', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_.-]{8,60}$/).filter((s) => !REDACTED.includes(s)),
        fc.string(),
        fc.string(),
        (secret, before, after) => {
          const { logger, lines } = capture('debug', [secret]);
          logger.info(`${before}${secret}${after}`, { detail: [`${after}${secret}`], e: new Error(secret), [`k${secret}`]: secret });
          expect(lines).toHaveLength(1);
          expect(lines[0]).not.toContain(secret);
        },
      ),
    );
  });

  it('survives values JSON cannot take', () => {
    const { logger, records } = capture();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    logger.info('odd', { big: 10n, cyclic, fn: () => 1 });
    expect(records()[0]).toMatchObject({ msg: 'odd', big: '10' });
  });

  it('redactText leaves ordinary text alone', () => {
    expect(redactText('catalog loaded version=2b5b7ae8ffdc facts=261')).toBe('catalog loaded version=2b5b7ae8ffdc facts=261');
  });
});

describe('redactText on hostile text', () => {
  it('still redacts a token shape glued to a long run of token characters, and returns the rest intact', () => {
    const token = 'MTAwMDAwMDAwMDAwMDAwMDAy.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB';
    const run = 'k'.repeat(200_000);
    const out = redactText(`unknown key "${run}${token}" and ${token}`);
    expect(out).not.toContain(token);
    expect(out).not.toContain('abcdefghijklmnopqrstuvwxyz0123456789AB');
    expect(out.endsWith(`and ${REDACTED}`)).toBe(true);
  });

  it('bounds each logged text and never cuts a surrogate pair in two', () => {
    const { logger, records } = capture();
    logger.error(`${'x'.repeat(1998)}😀${'y'.repeat(5000)}`, { detail: 'z'.repeat(10_000), error: new Error('e'.repeat(10_000)) });
    const r = records()[0]!;
    expect((r.msg as string).length).toBeLessThanOrEqual(2000);
    expect(r.msg as string).not.toMatch(/[\ud800-\udbff]…$/);
    expect((r.detail as string).length).toBeLessThanOrEqual(2000);
    expect(((r.error as { message: string }).message).length).toBeLessThanOrEqual(2000);
  });
});
