/**
 * Room event fan-out: how long a webhook takes to reach many GraphQL subscribers on one replica.
 *
 * Starts the gateway in this process (production build, in-process event bus), opens `subscribers`
 * graphql-ws connections (one caller each) subscribed to one LiveKit room, then posts `events` signed
 * LiveKit webhooks one after another. A delivery's time runs from just before the webhook POST to the
 * moment a subscriber's client hands it the event; the next webhook is posted once every subscriber
 * has the previous one. The clients share the process (and the cores) with the gateway, so the
 * numbers include their own work: they bound the gateway's fan-out from above.
 *
 * `fanoutBenchmark()` is what `npm run bench` calls; `node dist-tools/bench/room-event-fanout.js`
 * runs it alone and prints the result as JSON.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { RoomEventsDocument } from '../client/generated/graphql.js';
import { loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/logger.js';
import { DEFAULT_POLICY } from '../src/policy/default-policy.js';
import { createGateway } from '../src/server/create-gateway.js';
import { createGatewayServices } from '../src/server/gateway-services.js';
import { mintHs256CallerToken } from '../test/support/caller-tokens.js';
import { livekitWebhookAuthorization } from '../test/support/webhook-senders.js';
import { percentile } from './lib/load.js';

export interface FanoutResult {
  subscribers: number;
  events: number;
  /** Delivery time of every (event, subscriber) pair, in milliseconds. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface FanoutOptions {
  subscribers?: number;
  events?: number;
  /** Longest wait for one event to reach every subscriber before the run fails. */
  eventTimeoutMs?: number;
}

const ROOM = 'fanout-room';
const QUERY = print(RoomEventsDocument);

const round = (ms: number) => Math.round(ms * 100) / 100;

export async function fanoutBenchmark(options: FanoutOptions = {}): Promise<FanoutResult> {
  const subscribers = options.subscribers ?? 500;
  const events = options.events ?? 20;
  const eventTimeoutMs = options.eventTimeoutMs ?? 30_000;
  const authSecret = randomBytes(32).toString('base64url');
  const livekit = { apiKey: 'APIfanout', apiSecret: randomBytes(32).toString('base64url') };
  const dir = mkdtempSync(join(tmpdir(), 'callgate-fanout-'));
  const policyFile = join(dir, 'policy.json');
  // Budgets large enough that opening every subscription from one address is never refused.
  const budget = { points: 1_000_000, durationSeconds: 60 };
  writeFileSync(policyFile, JSON.stringify({ ...DEFAULT_POLICY, rateLimits: { perCaller: budget, perIp: budget } }));

  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    AUTH_JWT_SECRET: authSecret,
    POLICY_FILE: policyFile,
    LIVEKIT_API_KEY: livekit.apiKey,
    LIVEKIT_API_SECRET: livekit.apiSecret,
    LIVEKIT_URL: 'ws://127.0.0.1:7880',
    SUBSCRIPTIONS_MAX_CONNECTIONS_PER_IP: String(subscribers + 10),
    SUBSCRIPTIONS_MAX_PER_CALLER: '10',
    SUBSCRIPTIONS_MAX_PER_CONNECTION: '10',
  });
  const services = createGatewayServices(config, createLogger('silent'));
  const gateway = await createGateway(services);
  const clients: Client[] = [];
  let failure: Error | undefined;
  try {
    const { port } = await gateway.listen(0, '127.0.0.1');
    const wsUrl = `ws://127.0.0.1:${port}/graphql`;

    /** Receipt times (performance.now()) by the joining identity each event names, one per subscriber. */
    const received = new Map<string, number[]>();
    let waiting: { key: string; resolve: () => void } | null = null;
    const onEvent = (key: string) => {
      const at = performance.now();
      let list = received.get(key);
      if (!list) received.set(key, (list = []));
      list.push(at);
      if (waiting?.key === key && list.length === subscribers) waiting.resolve();
    };

    for (let i = 0; i < subscribers; i++) {
      const token = await mintHs256CallerToken(authSecret, { sub: `fanout-${i}` });
      const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` } });
      clients.push(client);
      client.subscribe<{ roomEvents: { participant: { id: string } | null } }>(
        { query: QUERY, variables: { provider: 'LIVEKIT', roomId: ROOM } },
        {
          next: (result) => onEvent(result.data?.roomEvents.participant?.id ?? ''),
          error: (error) => {
            failure ??= new Error(`a fan-out subscriber failed: ${JSON.stringify(error)}`);
          },
          complete: () => undefined,
        },
      );
    }
    const deadline = Date.now() + 60_000;
    while (gateway.subscriptions.activeSubscriptions < subscribers) {
      if (failure) throw failure;
      if (Date.now() > deadline) throw new Error(`only ${gateway.subscriptions.activeSubscriptions} of ${subscribers} subscriptions started`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const samples: number[] = [];
    for (let n = 0; n < events; n++) {
      const key = `joiner-${n}`;
      const body = JSON.stringify({
        event: 'participant_joined',
        room: { sid: 'RM_fanout', name: ROOM },
        participant: { sid: `PA_${n}`, identity: key, name: `Joiner ${n}` },
        id: `EV_fanout${n}_${randomBytes(4).toString('hex')}`,
        createdAt: String(Math.floor(Date.now() / 1000)),
      });
      const authorization = await livekitWebhookAuthorization(body, livekit);
      let timer: NodeJS.Timeout | undefined;
      const allReceived = new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => reject(failure ?? new Error(`event ${n} did not reach every subscriber within ${eventTimeoutMs} ms`)), eventTimeoutMs);
        waiting = { key, resolve };
      });
      const postedAt = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}/webhooks/livekit`, { method: 'POST', body, headers: { 'content-type': 'application/webhook+json', authorization } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`the webhook was answered ${response.status}`);
      if ((received.get(key)?.length ?? 0) === subscribers) waiting!.resolve();
      try {
        await allReceived;
      } finally {
        clearTimeout(timer);
      }
      for (const at of received.get(key) ?? []) samples.push(at - postedAt);
    }
    samples.sort((a, b) => a - b);
    return { subscribers, events, p50Ms: round(percentile(samples, 50)), p99Ms: round(percentile(samples, 99)), maxMs: round(samples[samples.length - 1]) };
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  fanoutBenchmark().then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`room event fan-out failed: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
