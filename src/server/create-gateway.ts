import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import cors from '@fastify/cors';
import type { Server, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildContext } from '../context/build-context.js';
import { registerLivekitTokenEndpoint } from '../endpoints/livekit-token.endpoint.js';
import type { Context } from '../context/context.js';
import { formatError } from '../errors/format-error.js';
import { responseStatus } from '../errors/http-status.js';
import { buildGatewaySchema } from '../schema/build-schema.js';
import { rateLimitPoints } from '../schema/credential-field.js';
import type { GatewayServices } from './gateway-services.js';
import { graphqlValidationRules } from './graphql-limits.js';
import { observeRequests } from './observe-requests.js';
import { graphqlHandler } from './graphql-handler.js';
import { maskedErrorLogPlugin } from './plugins/masked-error-log.plugin.js';
import { operationSummaries } from './plugins/operation-summary.js';
import { rateLimitChargePlugin } from './plugins/rate-limit-charge.plugin.js';
import { requestFactsPlugin } from './plugins/request-facts.plugin.js';
import { subscriptionsOverHttpPlugin } from './plugins/subscriptions-over-http.plugin.js';
import { requestReadFailureMessage } from './request-read-failure.js';
import { generateRequestId } from './request-id.js';
import { trustedDocumentsPreHandler } from './trusted-documents.js';
import { registerHealthRoutes } from './routes/health.routes.js';
import { registerWebhookRoutes } from './routes/webhook.routes.js';
import { attachGraphqlWs, type GraphqlWsServer } from './subscriptions/graphql-ws-server.js';
import { realTimers, type SubscriptionTimers } from './subscriptions/timers.js';
import { nextTurnHook } from '../runtime/next-turn.js';

/** The default request body cap (HTTP_BODY_LIMIT_BYTES). */
export const BODY_LIMIT_BYTES = 64 * 1024;
const SANDBOX_ORIGIN = 'https://studio.apollographql.com';

/** Where the gateway listens: `address` is the bound IP (e.g. 127.0.0.1, 0.0.0.0, ::). */
export interface ListeningAddresses {
  url: string;
  port: number;
  address: string;
  adminPort?: number;
  adminAddress?: string;
}

export interface Gateway {
  app: FastifyInstance;
  /** The admin listener (health, readiness, metrics only) when ADMIN_PORT is set. */
  admin: FastifyInstance | null;
  apollo: ApolloServer<Context>;
  /** GraphQL subscriptions over WebSocket (graphql-ws) on /graphql. */
  subscriptions: GraphqlWsServer;
  /**
   * Listens and resolves with the bound address (port 0 picks a free port); the admin listener, when
   * configured, binds ADMIN_HOST:ADMIN_PORT and its port is returned as `adminPort`.
   */
  listen(port?: number, host?: string): Promise<ListeningAddresses>;
  /**
   * Stops accepting (connections and WebSocket upgrades), lets in-flight requests finish, closes
   * WebSockets with 1001, then closes provider pools.
   */
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** The clock of the WebSocket server (token expiry); tests inject one. */
  timers?: SubscriptionTimers;
}

/** Answers in the GraphQL error shape for failures that happen before Apollo runs (body parsing, size). */
function requestError(message: string, code = 'BAD_REQUEST') {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * Node checks headersTimeout and requestTimeout only every `connectionsCheckingInterval` (30 s by
 * default), so a socket that never completes its headers lives up to timeout + interval. A quarter of
 * the headers timeout, at most 1 s, keeps that overshoot small; the check is a walk over open
 * connections, cheap at this rate.
 */
export const connectionsCheckingInterval = (headersTimeoutMs: number): number => Math.max(1, Math.min(1000, Math.floor(headersTimeoutMs / 4)));

const boundTo = (app: FastifyInstance, port: number, host: string): { port: number; address: string } => {
  const bound = app.server.address();
  return typeof bound === 'object' && bound ? { port: bound.port, address: bound.address } : { port, address: host };
};

/**
 * Builds the HTTP server (Fastify) with Apollo mounted at /graphql. Does not listen: tests and
 * `main.ts` decide where. Reads nothing from the environment; everything comes from `services`.
 */
export async function createGateway(services: GatewayServices, options: GatewayOptions = {}): Promise<Gateway> {
  const { config } = services;
  const { bodyLimitBytes } = config.server;
  const logger: Logger = services.logger;
  if (!(await services.sharedState.waitUntilReady())) {
    // Not fatal: the client keeps reconnecting, and requests fail closed (STATE_UNAVAILABLE) meanwhile.
    logger.error({ state: services.sharedState.kind }, 'shared state store not reachable at start-up');
  }
  const app = Fastify({
    // No Fastify logger: the one line per GraphQL request comes from observeRequests, and the error
    // handler logs through the root logger with the request id. Fastify would otherwise build a child
    // logger for every request (measured in docs/performance.md).
    logger: false,
    bodyLimit: bodyLimitBytes,
    // The request id is always the gateway's own; a client's x-request-id is logged as clientRequestId.
    requestIdHeader: false,
    genReqId: generateRequestId,
    // Slow clients: give up on headers and on a whole request after the configured times. Fastify
    // sets requestTimeout and keepAliveTimeout on the server itself, overriding the `http` options.
    http: {
      headersTimeout: config.server.headersTimeoutMs,
      connectionsCheckingInterval: connectionsCheckingInterval(config.server.headersTimeoutMs),
    },
    requestTimeout: config.server.requestTimeoutMs,
    keepAliveTimeout: config.server.keepAliveTimeoutMs,
    routerOptions: { ignoreTrailingSlash: true },
    trustProxy: config.server.trustProxy,
  });
  // Connections past the cap are closed by Node as they arrive, before any byte is read.
  app.server.maxConnections = config.server.maxConnections;

  // JSON bodies are parsed here so malformed JSON gets a GraphQL-shaped 400, never a stack.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, body === '' ? undefined : JSON.parse(body as string));
    } catch {
      const error = Object.assign(new Error('The request body is not valid JSON.'), { statusCode: 400 });
      done(error, undefined);
    }
  });
  // Anything else reaches Apollo as text, so its CSRF prevention answers (400) rather than a 415.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) logger.error({ reqId: request.id, err: { type: error.name, message: error.message } }, 'request failed');
    const message =
      status === 413 || status === 400
        ? requestReadFailureMessage(status, error, bodyLimitBytes, 'The request could not be read.')
        : status === 500
          ? 'Internal server error.'
          : 'The request could not be processed.';
    const code = status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
    request.record?.noteOutcome(code);
    void reply.code(status).header('content-type', 'application/json; charset=utf-8').send(requestError(message, code));
  });

  observeRequests(app, services.metrics, logger);

  // While draining, answers close their connection, so a keep-alive client does not hold the process
  // open after its last response (Node closes idle sockets only once, when close() starts).
  let draining = false;
  const inFlight = trackHttpRequests(app.server);
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) void reply.header('connection', 'close');
    done(null, payload);
  });
  // Every request read in this turn is parsed before any handler runs (src/runtime/next-turn.ts).
  app.addHook('preHandler', nextTurnHook);
  registerHealthRoutes(app, services, { metrics: config.server.metricsOnMainPort });
  const admin = config.admin ? createAdminApp(services) : null;
  await registerWebhookRoutes(app, services.roomEvents, services.metrics, logger);

  await app.register(cors, {
    origin: config.server.corsOrigins === true ? true : [...config.server.corsOrigins, ...(config.server.landingPage ? [SANDBOX_ORIGIN] : [])],
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type', 'x-request-id', 'apollo-require-preflight', 'x-apollo-operation-name'],
    exposedHeaders: ['x-request-id'],
    credentials: false,
    maxAge: 600,
  });

  // One summary per operation, shared by the plugins that read it (label, rate-limit points).
  const summaries = operationSummaries();
  const schema = await buildGatewaySchema();
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.server.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, config.server.includeStacktrace),
    hideSchemaDetailsFromClientErrors: config.env === 'production',
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    persistedQueries: false,
    // main.ts owns SIGTERM/SIGINT (drain, then exit); Apollo's own handler would race it.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: config.graphql.maxTokens },
    validationRules: graphqlValidationRules(config.graphql),
    plugins: [
      // Nothing here is cacheable (credentials, mutations); Apollo's default cache-control plugin
      // would still wrap every field resolver to compute hints (measured: docs/performance.md).
      ApolloServerPluginCacheControlDisabled(),
      // Apollo adds federated tracing by default, active only when the schema is a federation subgraph
      // (this one is not); loading it evaluated a protobuf library at start-up (docs/performance.md).
      ApolloServerPluginInlineTraceDisabled(),
      fastifyApolloDrainPlugin(app),
      config.server.landingPage
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      requestFactsPlugin(summaries),
      subscriptionsOverHttpPlugin(),
      rateLimitChargePlugin(services.rateLimiter, summaries),
      maskedErrorLogPlugin(),
    ],
  });
  await apollo.start();

  app.route({
    url: '/graphql',
    method: ['GET', 'POST'],
    // GRAPHQL_TRUSTED_DOCUMENTS: documents named by id, and only-mode (trusted-documents.ts). Its refusals
    // are whole-request failures and take their status from the same table.
    ...(config.trustedDocuments
      ? { preHandler: trustedDocumentsPreHandler(config.trustedDocuments, (code) => responseStatus({ hasData: false, errorCodes: [code] }), requestError) }
      : {}),
    handler: graphqlHandler(
      apollo,
      (request) => buildContext(services, request.headers, request.id, request.ip, request.record),
      // The one place the status of a GraphQL response is decided: 200 whenever data is non-null, else
      // the status of the error codes (docs/errors.md). A request Apollo refused before running it
      // (CSRF, method, Accept, content type: no facts recorded) keeps Apollo's 4xx.
      (request, apolloStatus) => {
        const facts = request.record.response;
        return facts ? responseStatus(facts, apolloStatus) : (apolloStatus ?? 200);
      },
    ),
  });
  // Other methods on the GraphQL path: a GraphQL-shaped 405 rather than Fastify's route-not-found 404.
  app.route({
    url: '/graphql',
    method: ['PUT', 'DELETE', 'PATCH'],
    handler: async (_request, reply) =>
      reply.code(405).header('allow', 'GET, POST').send(requestError('Only GET and POST are supported on /graphql.')),
  });

  // LiveKit's standard token endpoint: one issueLivekitToken over REST, charged the mutation's own points.
  const issueLivekitToken = schema.getMutationType()?.getFields().issueLivekitToken;
  if (!issueLivekitToken) throw new Error('the schema has no issueLivekitToken mutation');
  registerLivekitTokenEndpoint(app, services, rateLimitPoints([issueLivekitToken]));

  // Subscriptions: graphql-ws on the same HTTP server, path and schema (src/server/subscriptions/).
  const subscriptions = attachGraphqlWs(app.server, schema, services, options.timers ?? realTimers);

  return {
    app,
    admin,
    apollo,
    subscriptions,
    async listen(port = config.server.port, host = config.server.host) {
      const url = await app.listen({ port, host });
      const main = { url, ...boundTo(app, port, host) };
      if (!admin || !config.admin) return main;
      try {
        await admin.listen({ port: config.admin.port, host: config.admin.host });
      } catch (error) {
        await app.close();
        throw error;
      }
      const adminBound = boundTo(admin, config.admin.port, config.admin.host);
      return { ...main, adminPort: adminBound.port, adminAddress: adminBound.address };
    },
    async close() {
      draining = true;
      // Sockets that went idle just before the drain started, or between two checks, are closed too.
      const sweep = setInterval(() => app.server.closeIdleConnections(), 250);
      try {
        // Upgrades are refused at once; WebSockets stay open while HTTP requests drain (a webhook in
        // flight still reaches this replica's subscribers), then close with 1001. Upgraded sockets
        // keep the HTTP server open, so app.close() resolves only after both.
        await Promise.all([app.close(), subscriptions.close(() => inFlight.drained())]);
      } finally {
        clearInterval(sweep);
      }
      // The admin port keeps answering (health, metrics) until the main one has drained.
      await admin?.close();
      await apollo.stop().catch(() => undefined);
      await services.close();
    },
  };
}

/** Counts the HTTP requests being answered, so shutdown can wait for them before closing WebSockets. */
function trackHttpRequests(server: Server): { drained(): Promise<void> } {
  let running = 0;
  let waiters: Array<() => void> = [];
  server.on('request', (_request, response: ServerResponse) => {
    running++;
    response.once('close', () => {
      running--;
      if (running > 0) return;
      for (const resolve of waiters) resolve();
      waiters = [];
    });
  });
  return { drained: () => (running === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))) };
}

/** The admin listener: health, readiness and metrics, nothing else (no GraphQL, no CORS). */
function createAdminApp(services: GatewayServices): FastifyInstance {
  const { config } = services;
  const admin = Fastify({
    logger: false,
    http: { headersTimeout: config.server.headersTimeoutMs, connectionsCheckingInterval: connectionsCheckingInterval(config.server.headersTimeoutMs) },
    requestTimeout: config.server.requestTimeoutMs,
    keepAliveTimeout: config.server.keepAliveTimeoutMs,
    routerOptions: { ignoreTrailingSlash: true },
  });
  admin.server.maxConnections = config.server.maxConnections;
  registerHealthRoutes(admin, services, { metrics: true });
  return admin;
}
