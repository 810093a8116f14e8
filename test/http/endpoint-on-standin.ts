// The HTTP interactions endpoint as `npm run serve` starts it, on 127.0.0.1, with its follow-ups
// (deferred edits, multipart PATCHes, DELETEs) sent to a local Discord stand-in: started before a
// file's tests, stopped after them. Interactions are signed with the file's own test key.
import { afterAll, beforeAll } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { startEndpoint, type RunningEndpoint, type StartEndpointOptions } from '../../src/transports/http/endpoint.ts';
import { DiscordStandIn } from '../standin/discord.ts';
import { createTestSigner, ids, type TestSigner } from './signing.ts';

export interface EndpointOnStandIn {
  readonly signer: TestSigner;
  /** Set once the file's beforeAll has run. */
  readonly standIn: DiscordStandIn;
  readonly endpoint: RunningEndpoint;
}

export function endpointOnStandIn(options: Omit<Partial<StartEndpointOptions>, 'env'>): EndpointOnStandIn {
  const signer = createTestSigner();
  let standIn: DiscordStandIn | undefined;
  let endpoint: RunningEndpoint | undefined;
  beforeAll(async () => {
    standIn = await new DiscordStandIn({ token: 'unused-by-the-endpoint', applicationId: ids.APP_ID }).start();
    endpoint = await startEndpoint({
      env: { DISCORD_PUBLIC_KEY: signer.publicKeyHex, DISCORD_API_URL: standIn.apiUrl },
      port: 0,
      host: '127.0.0.1',
      logger: silentLogger,
      watch: false,
      ...options,
    });
  }, 30_000);
  afterAll(async () => {
    await endpoint?.stop(1000);
    await standIn?.close();
  });
  return {
    signer,
    get standIn() {
      if (!standIn) throw new Error('the stand-in starts in beforeAll');
      return standIn;
    },
    get endpoint() {
      if (!endpoint) throw new Error('the endpoint starts in beforeAll');
      return endpoint;
    },
  };
}
