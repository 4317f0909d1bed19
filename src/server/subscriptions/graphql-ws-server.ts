import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import proxyAddr from '@fastify/proxy-addr';
import {
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  subscribe,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { CloseCode, handleProtocols, makeServer, type SubscribePayload } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { buildContext } from '../../context/build-context.js';
import type { Context } from '../../context/context.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { formatError } from '../../errors/format-error.js';
import { RateLimitedError } from '../../errors/gateway-errors.js';
import type { GatewayServices } from '../gateway-services.js';
import { graphqlValidationRules } from '../graphql-limits.js';
import { generateRequestId } from '../request-id.js';
import { decideTrustedDocument } from '../trusted-documents.js';
import { SubscriptionLimits } from './subscription-limits.js';
import type { SubscriptionTimers } from './timers.js';

/**
 * The WebSocket close codes the gateway uses (docs/errors.md, "WebSocket close codes"). graphql-ws's
 * own codes (4400 bad message, 4406 subprotocol, 4408 init timeout, 4409 duplicate id, 4429 second
 * connection_init) and ws's 1009 (message too big) come from the libraries.
 */
export const WS_CLOSE = {
  /** Missing or invalid caller token in connection_init, or the token expired while connected. */
  UNAUTHORIZED: CloseCode.Unauthorized,
  /** Too many failed authentications from this address (the auth-failure budget, RATE_LIMITED `auth`). */
  RATE_LIMITED: CloseCode.TooManyInitialisationRequests,
  /** The identity provider's keys (AUTH_JWKS_URL) could not be loaded: retry later. */
  AUTH_UNAVAILABLE: 4503,
  /** The gateway is shutting down: reconnect (to another replica). */
  GOING_AWAY: 1001,
} as const;

/** What one subscription costs on the rate-limit budgets: the same as one read field. */
export const SUBSCRIBE_POINTS = 1;

export interface GraphqlWsServer {
  /** Subscriptions running on this replica: their stream receives the room's events (and has not ended). */
  readonly activeSubscriptions: number;
  /** Open WebSockets on this replica. */
  readonly connections: number;
  /**
   * Refuses new upgrades (503) at once; once `drained` resolves (the HTTP requests in flight have been
   * answered), closes every WebSocket with 1001 after the messages already queued on it.
   */
  close(drained?: () => Promise<void>): Promise<void>;
}

interface ConnectionState {
  ip: string;
  context: Context | null;
  /** Subscription slots held: started, or between the limit check and the start. */
  held: number;
  active: Map<string, AsyncIterator<unknown>>;
  cancelExpiry: () => void;
}

const GRAPHQL_PATH = /^\/graphql\/?(?:\?.*)?$/;
/** How long a closing socket may take to finish the close handshake before it is dropped. */
const CLOSE_GRACE_MS = 5000;
/** Keep-alive: a ping this often; a peer that has not answered by the next one is dropped. */
const KEEP_ALIVE_MS = 12_000;

/** What graphql-ws hands each hook besides the protocol state: the socket and its upgrade request. */
interface Extra {
  socket: WebSocket;
  request: IncomingMessage;
}

const requestError = (message: string, code: string) => new GraphQLError(message, { extensions: { code } });

/** Writes a plain HTTP answer on a socket whose upgrade is refused, in the gateway's JSON error shape. */
function refuseUpgrade(socket: Duplex, status: number, statusText: string, message: string, extensions: Record<string, unknown>, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ errors: [{ message, extensions }] });
  const lines = [
    `HTTP/1.1 ${status} ${statusText}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.on('error', () => undefined);
  socket.once('finish', () => socket.destroy());
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

/** The client address as Fastify computes `request.ip` for the same TRUST_PROXY setting. */
export function clientIpResolver(trustProxy: boolean | string[]): (request: IncomingMessage) => string {
  if (trustProxy === false) return (request) => request.socket.remoteAddress ?? 'unknown';
  const trust = trustProxy === true ? () => true : proxyAddr.compile(trustProxy);
  return (request) => proxyAddr(request, trust);
}

/**
 * GraphQL subscriptions over WebSocket with the graphql-ws protocol, on the same /graphql path and
 * schema as HTTP. A `ws` server in noServer mode takes the HTTP server's `upgrade` events:
 * - the upgrade: only /graphql, refused (503) while draining and (429) past the per-address connection
 *   limit; messages over SUBSCRIPTIONS_MAX_MESSAGE_BYTES close the socket (1009);
 * - connection_init: `{ "authorization": "Bearer <JWT>" }`, verified by the same context builder as an
 *   HTTP request (auth-failure budget included); refused with 4401 (4429 past the budget, 4503 when the
 *   identity provider's keys cannot be loaded). The socket closes with 4401 when the token expires;
 * - subscribe: trusted-documents rules, parse and validation limits as on HTTP; only subscription
 *   operations (queries and mutations go over HTTP, where their budgets and limits apply); the
 *   per-connection and per-caller limits; one read's charge on the rate-limit budgets; then the
 *   resolver, whose refusal (the unknown-room answer included) is the subscription's error message.
 */
export function attachGraphqlWs(server: Server, schema: GraphQLSchema, services: GatewayServices, timers: SubscriptionTimers): GraphqlWsServer {
  const { config, logger } = services;
  const limits = new SubscriptionLimits(config.subscriptions);
  const clientIp = clientIpResolver(config.server.trustProxy);
  // A socket's state outlives its close (graphql-ws reports the end of its subscriptions after it);
  // `open` holds the sockets not yet closed.
  const states = new WeakMap<WebSocket, ConnectionState>();
  const open = new Set<WebSocket>();
  const started = new WeakMap<ExecutionArgs, AsyncGenerator<ExecutionResult, void, void>>();
  const rules = [...specifiedRules, ...graphqlValidationRules(config.graphql)];
  let draining = false;
  /** Subscriptions whose stream is attached to the bus (started, not yet ended). */
  let running = 0;

  const wss = new WebSocketServer({ noServer: true, maxPayload: config.subscriptions.maxMessageBytes, perMessageDeflate: false, handleProtocols });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!GRAPHQL_PATH.test(request.url ?? '')) return refuseUpgrade(socket, 404, 'Not Found', 'WebSocket connections are served on /graphql only.', { code: 'BAD_REQUEST' });
    if (draining) return refuseUpgrade(socket, 503, 'Service Unavailable', 'The gateway is shutting down; connect again.', { code: ErrorCode.STATE_UNAVAILABLE, retryable: true });
    const ip = clientIp(request);
    if (!limits.takeConnection(ip)) {
      services.metrics.rateLimitRefusals.inc({ scope: 'connections' });
      return refuseUpgrade(socket, 429, 'Too Many Requests', 'Too many WebSocket connections from your network address; close one first.', {
        code: ErrorCode.RATE_LIMITED,
        limit: 'connections',
      });
    }
    // The raw socket closes whatever happens next (refused handshake, error, normal close): the slot goes back once.
    socket.once('close', () => limits.releaseConnection(ip));
    wss.handleUpgrade(request, socket, head, (ws) => {
      states.set(ws, { ip, context: null, held: 0, active: new Map(), cancelExpiry: () => undefined });
      open.add(ws);
      ws.once('close', () => open.delete(ws));
      wss.emit('connection', ws, request);
    });
  };
  server.on('upgrade', onUpgrade);

  const stateOf = (socket: WebSocket): ConnectionState => {
    const state = states.get(socket);
    if (!state) throw new Error('WebSocket without connection state');
    return state;
  };

  const releaseSlot = (state: ConnectionState) => {
    state.held--;
    if (state.context?.user) limits.releaseSubscription(state.context.user.id);
  };

  /** Ends a subscription's bookkeeping once (from onComplete or the connection's close). */
  const finish = (state: ConnectionState, id: string) => {
    if (!state.active.delete(id)) return;
    running--;
    releaseSlot(state);
  };

  /** Formats errors for the client exactly as HTTP responses are formatted (masking included). */
  const format = (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
    errors.map((error) => formatError(error.toJSON(), error.originalError ?? error, config.server.includeStacktrace));

  /** Everything before the resolver runs; returns the document or the errors to answer with. */
  const prepare = (payload: SubscribePayload): { document: DocumentNode; payload: SubscribePayload } | GraphQLError[] => {
    if (config.trustedDocuments) {
      const decision = decideTrustedDocument(config.trustedDocuments, payload);
      if (decision.kind === 'refuse') return [requestError(decision.message, decision.code)];
      if (decision.kind === 'run') payload = decision.params as unknown as SubscribePayload;
    }
    if (typeof payload.query !== 'string' || payload.query === '') return [requestError('The subscribe message has no query.', 'BAD_REQUEST')];
    let document: DocumentNode;
    try {
      document = parse(payload.query, { maxTokens: config.graphql.maxTokens });
    } catch (error) {
      return [requestError((error as Error).message, 'GRAPHQL_PARSE_FAILED')];
    }
    const invalid = validate(schema, document, rules);
    if (invalid.length) {
      // As Apollo's hideSchemaDetailsFromClientErrors does on HTTP: no field-name suggestions in production.
      const message = (text: string) => (config.env === 'production' ? text.replace(/ ?Did you mean(.+?)\?$/, '') : text);
      return invalid.map((e) => new GraphQLError(message(e.message), { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
    }
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return [requestError('The document must name one operation to run (operationName).', 'BAD_REQUEST')];
    if (operation.operation !== 'subscription') {
      return [requestError('Only subscriptions run over WebSocket; send queries and mutations to /graphql over HTTP.', 'BAD_REQUEST')];
    }
    return { document, payload };
  };

  const graphqlWs = makeServer<Record<string, unknown>, Extra>(
    {
      schema,
      connectionInitWaitTimeout: config.subscriptions.connectionInitTimeoutMs,
      // Subscriptions whose start onSubscribe already ran are handed over as they are.
      subscribe: (args) => started.get(args) ?? subscribe(args),
      async onConnect(ctx) {
        const socket = ctx.extra.socket;
        const state = stateOf(socket);
        const authorization = ctx.connectionParams?.authorization;
        const headers = typeof authorization === 'string' && authorization !== '' ? { authorization } : {};
        let context: Context;
        try {
          context = await buildContext(services, headers, generateRequestId(), state.ip);
        } catch (error) {
          const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
          if (code === ErrorCode.RATE_LIMITED) socket.close(WS_CLOSE.RATE_LIMITED, 'Too many failed authentications');
          else if (code === ErrorCode.UNAUTHENTICATED) socket.close(WS_CLOSE.UNAUTHORIZED, 'Unauthorized');
          else socket.close(WS_CLOSE.AUTH_UNAVAILABLE, 'Identity provider unavailable');
          return false;
        }
        // The peer may have gone while its token was being verified: nothing to set up.
        if (socket.readyState !== socket.OPEN) return false;
        if (!context.user) {
          // No token: counted like an anonymous HTTP operation, against the address's auth-failure budget.
          const refusal = await services.rateLimiter.recordAuthFailure(state.ip);
          socket.close(refusal ? WS_CLOSE.RATE_LIMITED : WS_CLOSE.UNAUTHORIZED, refusal ? 'Too many failed authentications' : 'Unauthorized');
          return false;
        }
        state.context = context;
        // The token stops being accepted when HTTP would stop accepting it: exp plus the clock tolerance.
        const deadline = context.user.expiresAt * 1000 + config.auth.clockToleranceSeconds * 1000;
        state.cancelExpiry = timers.after(deadline - timers.now(), () => socket.close(WS_CLOSE.UNAUTHORIZED, 'Token expired'));
        return true;
      },
      async onSubscribe(ctx, id, message) {
        const state = stateOf(ctx.extra.socket);
        const context = state.context;
        const user = context?.user;
        if (!context || !user) return [requestError('Send connection_init with a caller token first.', ErrorCode.UNAUTHENTICATED)];
        const prepared = prepare(message);
        if (Array.isArray(prepared)) return prepared;
        const refused = limits.takeSubscription(user.id, state.held);
        if (refused) {
          services.metrics.rateLimitRefusals.inc({ scope: 'subscriptions' });
          return [new RateLimitedError(refused === 'connection' ? 'subscriptions_connection' : 'subscriptions_caller', 1)];
        }
        state.held++;
        let result: Awaited<ReturnType<typeof subscribe>>;
        const args: ExecutionArgs = {
          schema,
          document: prepared.document,
          operationName: prepared.payload.operationName,
          variableValues: prepared.payload.variables,
          contextValue: context,
          rootValue: undefined,
        };
        try {
          await services.rateLimiter.consume({ callerId: user.id, ip: state.ip }, SUBSCRIBE_POINTS);
          result = await subscribe(args);
        } catch (error) {
          releaseSlot(state);
          return [error instanceof GraphQLError ? error : new GraphQLError('Internal server error.', { originalError: error as Error })];
        }
        if (!(Symbol.asyncIterator in result)) {
          releaseSlot(state);
          return result.errors?.length ? result.errors : [requestError('The subscription could not start.', 'BAD_REQUEST')];
        }
        state.active.set(id, result);
        running++;
        started.set(args, result);
        logger.debug({ callerId: user.id, subscriptionId: id.slice(0, 64) }, 'subscription started');
        return args;
      },
      onNext(_ctx, _id, _payload, _args, result) {
        return result.errors ? { ...result, errors: format(result.errors) } : undefined;
      },
      onError(_ctx, _id, _payload, errors) {
        return format(errors);
      },
      onComplete(ctx, id) {
        const state = states.get(ctx.extra.socket);
        if (state) finish(state, id);
      },
      onClose(ctx) {
        const state = states.get(ctx.extra.socket);
        if (!state) return;
        state.cancelExpiry();
        for (const [id, iterator] of state.active) {
          void iterator.return?.();
          finish(state, id);
        }
      },
    },
  );

  // graphql-ws's protocol on ws sockets (in the manner of its `useServer`, with the gateway's logger
  // instead of console output, which a client could otherwise fill with a stack per bad frame).
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    // ws closes the socket itself on a protocol error (1009 for a message over the size limit, 1002).
    socket.on('error', (error) => logger.debug({ err: { type: error.name, message: error.message } }, 'WebSocket closed on a protocol error'));
    let alive = true;
    socket.on('pong', () => (alive = true));
    const keepAlive = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, KEEP_ALIVE_MS);
    keepAlive.unref();
    const closed = graphqlWs.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            try {
              await handle(String(data));
            } catch (error) {
              logger.error({ err: { type: (error as Error)?.name, message: (error as Error)?.message } }, 'WebSocket message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      clearInterval(keepAlive);
      void closed(code, reason.toString());
    });
  });

  return {
    get activeSubscriptions() {
      return running;
    },
    get connections() {
      return open.size;
    },
    async close(drained = () => Promise.resolve()) {
      draining = true;
      await drained();
      server.off('upgrade', onUpgrade);
      // Every socket is closed with 1001 after the messages already queued on it; each close handshake
      // is waited for (bounded), and peers that never answer it are dropped.
      const sockets = [...open];
      if (sockets.length) logger.info({ webSockets: sockets.length }, 'HTTP requests drained; closing WebSockets (1001)');
      const closed = sockets.map((ws) => new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : ws.once('close', () => resolve()))));
      for (const ws of sockets) ws.close(WS_CLOSE.GOING_AWAY, 'Going away');
      const grace = setTimeout(() => sockets.forEach((ws) => ws.terminate()), CLOSE_GRACE_MS);
      grace.unref();
      await Promise.all(closed);
      clearTimeout(grace);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
