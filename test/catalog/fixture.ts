// A small valid fact file that tests break one way at a time.
import { mkdtemp, writeFile, mkdir, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The fixtures' small vocabulary (families, metrics, stop words), shared with test/fixtures/catalog.ts. */
export const VOCABULARY = readFileSync(new URL('../fixtures/vocabulary.yaml', import.meta.url), 'utf8');

// The entities file also holds the vocabulary, first (any file may hold any list; tests append
// entities at the end), so every data set a test builds from ENTITIES has the metrics its facts name.
export const ENTITIES = `${VOCABULARY}entities:
  - id: us-led-coalition
    kind: actor
    name: US-led coalition
    aliases: [Coalition, Global Coalition]
    description: The coalition fighting ISIS in Iraq and Syria since 2014.
  - id: cjtf-oir
    kind: organisation
    name: Combined Joint Task Force – Operation Inherent Resolve
    aliases: [CJTF-OIR]
    part_of: us-led-coalition
    description: The coalition's military command, which publishes the monthly civilian casualty reports.
  - id: kuna
    kind: outlet
    name: Kuwait News Agency
    aliases: [KUNA]
    description: Kuwait's state news agency.
  - id: iraq
    kind: place
    name: Iraq
    description: Country.
`;

export const REPORT = `sources:
  - id: cjtf-oir-release-2020-02-13
    kind: primary_release
    publisher: cjtf-oir
    title: CJTF-OIR monthly civilian casualty report
    published: "2020-02-13"
  - id: kuna-2020-02-14
    kind: news_agency
    publisher: kuna
    title: US-led coalition admits killing at least 1,370 civilians in Syria, Iraq
    published: "2020-02-14T02:34Z"
    via: cjtf-oir-release-2020-02-13
facts:
  - id: cjtf-oir-civilian-deaths-2019-12
    metric: civilian_deaths
    subject: us-led-coalition
    claimant: cjtf-oir
    places: [iraq]
    period: { start: "2014-08", end: "2019-12-31" }
    as_of: "2019-12-31"
    value: 1370
    qualifier: at_least
    verb: assesses
    evidence:
      - source: kuna-2020-02-14
        quote: "CJTF-OIR assesses at least 1,370 civilians have been unintentionally killed"
`;

const made: string[] = [];
// Temporary data directories (one holds a 30 MiB file) go when the test file ends.
afterAll(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

export async function writeDataDir(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'facts-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}
