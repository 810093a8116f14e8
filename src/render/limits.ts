// Discord's documented message limits, in one place, and a checker that renderers' tests (and the
// transports' tests) run over every payload. Lengths are UTF-16 code units, as Discord counts them.
import type { APIEmbed, APIInteractionResponse } from 'discord-api-types/v10';

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedsTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  selectOptions: 25,
  customId: 100,
  buttonLabel: 80,
  selectOption: 100,
  selectPlaceholder: 150,
  url: 512,
  choices: 25,
  choice: 100,
} as const;

export function embedLength(e: APIEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** Every limit a payload breaks, empty when it fits. */
export function limitViolations(body: APIInteractionResponse): string[] {
  const out: string[] = [];
  const check = (ok: boolean, what: string): void => {
    if (!ok) out.push(what);
  };
  if (!('data' in body) || body.data === undefined) return out;
  const data = body.data as Record<string, any>;
  if (Array.isArray(data.choices)) {
    check(data.choices.length <= LIMITS.choices, 'too many choices');
    for (const c of data.choices) {
      check(c.name.length >= 1 && c.name.length <= LIMITS.choice, `choice name length ${c.name.length}`);
      check(String(c.value).length <= LIMITS.choice, `choice value length ${String(c.value).length}`);
    }
  }
  if (typeof data.content === 'string') check(data.content.length <= LIMITS.content, `content ${data.content.length}`);
  const embeds: APIEmbed[] = data.embeds ?? [];
  check(embeds.length <= LIMITS.embeds, 'too many embeds');
  let total = 0;
  for (const e of embeds) {
    total += embedLength(e);
    check((e.title?.length ?? 0) <= LIMITS.embedTitle, `embed title ${e.title?.length}`);
    check((e.description?.length ?? 0) <= LIMITS.embedDescription, `embed description ${e.description?.length}`);
    check((e.footer?.text.length ?? 0) <= LIMITS.footer, 'footer');
    check((e.fields?.length ?? 0) <= LIMITS.embedFields, 'too many fields');
    for (const f of e.fields ?? []) {
      check(f.name.length >= 1 && f.name.length <= LIMITS.fieldName, `field name ${f.name.length}`);
      check(f.value.length >= 1 && f.value.length <= LIMITS.fieldValue, `field value ${f.value.length}`);
    }
    if (e.url !== undefined) check(e.url.length <= LIMITS.url, 'embed url');
  }
  check(total <= LIMITS.embedsTotal, `embeds total ${total}`);
  const rows: any[] = data.components ?? [];
  check(rows.length <= LIMITS.actionRows, 'too many rows');
  for (const row of rows) {
    const comps: any[] = row.components ?? [];
    check(comps.length >= 1 && comps.length <= LIMITS.buttonsPerRow, `row of ${comps.length}`);
    for (const c of comps) {
      if (c.custom_id !== undefined) check(c.custom_id.length >= 1 && c.custom_id.length <= LIMITS.customId, `custom_id ${c.custom_id.length}`);
      if (c.label !== undefined) check(c.label.length >= 1 && c.label.length <= LIMITS.buttonLabel, `label ${c.label.length}`);
      if (c.url !== undefined) check(c.url.length <= LIMITS.url, 'button url');
      if (c.options !== undefined) {
        check(comps.length === 1, 'select shares its row');
        check(c.options.length >= 1 && c.options.length <= LIMITS.selectOptions, `select of ${c.options.length}`);
        const seen = new Set<string>();
        for (const o of c.options) {
          check(o.label.length >= 1 && o.label.length <= LIMITS.selectOption, 'option label');
          check(o.value.length >= 1 && o.value.length <= LIMITS.selectOption, 'option value');
          check((o.description?.length ?? 0) <= LIMITS.selectOption, 'option description');
          check(!seen.has(o.value), 'duplicate option value');
          seen.add(o.value);
        }
        if (c.placeholder !== undefined) check(c.placeholder.length <= LIMITS.selectPlaceholder, 'placeholder');
      }
    }
  }
  return out;
}
