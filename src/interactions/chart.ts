// The /timeline chart on an answer: the answer as rendered (the text table, which stays as the
// fallback and for the terminal) with the chart attached as timeline.png and shown as the embed's
// image, its alt text as the attachment's description. Drawing is the DrawChart the composition
// root passes (the chart worker for a running bot), awaited here off the synchronous path; a chart
// that fails or is too slow leaves the answer as it was, and is reported, never thrown.
import { InteractionResponseType, type APIEmbed } from 'discord-api-types/v10';
import type { Answer } from '../answers/model.ts';
import { altText, CHART_FILE, chartDataOf, drawable, type ChartData } from '../render/chart/data.ts';
import type { Outgoing } from './invocation.ts';

/** Draws a chart as PNG: the chart worker in the bot, png.ts directly in tests. */
export type DrawChart = (data: ChartData) => Promise<Uint8Array>;

export const CHART_WAIT_MS = 6_000;

export interface ChartOptions {
  readonly draw: DrawChart;
  /** Given up after this long (default CHART_WAIT_MS); the answer goes without its chart. */
  readonly timeoutMs?: number;
  /** Told why a chart was left out. */
  readonly onFailed?: (error: unknown) => void;
}

/** The answer with its chart attached, or unchanged (not a timeline, nothing dated, or drawing failed). */
export async function withChart(out: Outgoing, answer: Answer, version: string, chart: ChartOptions | undefined): Promise<Outgoing> {
  if (!chart || answer.kind !== 'timeline' || (out.files?.length ?? 0) > 0) return out;
  const body = out.body;
  if (body.type !== InteractionResponseType.ChannelMessageWithSource && body.type !== InteractionResponseType.UpdateMessage) return out;
  const embed = body.data?.embeds?.[0];
  if (!embed) return out;
  const data = chartDataOf(answer, version);
  if (!drawable(data)) return out;
  let png: Uint8Array;
  try {
    png = await within(chart.draw(data), chart.timeoutMs ?? CHART_WAIT_MS);
  } catch (error) {
    chart.onFailed?.(error);
    return out;
  }
  const description = altText(data);
  const image: APIEmbed = { ...embed, image: { url: `attachment://${CHART_FILE}` } };
  return {
    body: {
      ...body,
      data: { ...body.data, embeds: [image, ...body.data!.embeds!.slice(1)], attachments: [{ id: '0', filename: CHART_FILE, description }] },
    } as Outgoing['body'],
    files: [{ name: CHART_FILE, data: png, contentType: 'image/png', description }],
  };
}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no chart after ${ms} ms`)), ms);
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
