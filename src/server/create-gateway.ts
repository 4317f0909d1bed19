import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import cors from '@fastify/cors';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildContext } from '../context/build-context.js';
import type { Context } from '../context/context.js';
import { formatError } from '../errors/format-error.js';
import { buildGatewaySchema } from '../schema/build-schema.js';
import type { GatewayServices } from './gateway-services.js';
import { operationLogPlugin } from './plugins/operation-log.plugin.js';

export const BODY_LIMIT_BYTES = 64 * 1024;
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const SANDBOX_ORIGIN = 'https://studio.apollographql.com';

export interface Gateway {
  app: FastifyInstance;
  apollo: ApolloServer<Context>;
  /** Listens and resolves with the bound address (port 0 picks a free port). */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  /** Stops accepting, lets in-flight requests finish, then closes provider pools. */
  close(): Promise<void>;
}

/** Answers in the GraphQL error shape for failures that happen before Apollo runs (body parsing, size). */
function requestError(message: string, code = 'BAD_REQUEST') {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * Builds the HTTP server (Fastify) with Apollo mounted at /graphql. Does not listen: tests and
 * `main.ts` decide where. Reads nothing from the environment; everything comes from `services`.
 */
export async function createGateway(services: GatewayServices): Promise<Gateway> {
  const { config } = services;
  const logger: Logger = services.logger;
  const app = Fastify({
    loggerInstance: logger as unknown as import('fastify').FastifyBaseLogger,
    // One log line per GraphQL operation comes from operationLogPlugin; Fastify's own are off.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    requestIdHeader: false,
    genReqId: (req: import('node:http').IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    },
    // Slow clients: give up on headers after 15 s and on a whole request after 30 s.
    http: { headersTimeout: 15_000, requestTimeout: 30_000 },
    routerOptions: { ignoreTrailingSlash: true },
  });

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
    if (status === 500) request.log.error({ err: { type: error.name, message: error.message } }, 'request failed');
    const message =
      status === 413
        ? `The request body is larger than ${BODY_LIMIT_BYTES} bytes.`
        : status === 400
          ? error.message.startsWith('The request body') ? error.message : 'The request could not be read.'
          : status === 500
            ? 'Internal server error.'
            : 'The request could not be processed.';
    void reply.code(status).header('content-type', 'application/json; charset=utf-8').send(requestError(message, status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST'));
  });

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  await app.register(cors, {
    origin: config.server.corsOrigins === true ? true : [...config.server.corsOrigins, ...(config.server.landingPage ? [SANDBOX_ORIGIN] : [])],
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type', 'x-request-id', 'apollo-require-preflight', 'x-apollo-operation-name'],
    exposedHeaders: ['x-request-id'],
    credentials: false,
    maxAge: 600,
  });

  const apollo = new ApolloServer<Context>({
    schema: await buildGatewaySchema(),
    introspection: config.server.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, config.server.includeStacktrace),
    hideSchemaDetailsFromClientErrors: config.env === 'production',
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    persistedQueries: false,
    parseOptions: { maxTokens: 1000 },
    plugins: [
      // Nothing here is cacheable (credentials, mutations); Apollo's default cache-control plugin
      // would still wrap every field resolver to compute hints (measured: docs/performance.md).
      ApolloServerPluginCacheControlDisabled(),
      fastifyApolloDrainPlugin(app),
      config.server.landingPage
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      operationLogPlugin(),
    ],
  });
  await apollo.start();

  app.route({
    url: '/graphql',
    method: ['GET', 'POST'],
    handler: fastifyApolloHandler(apollo, {
      context: (request) => buildContext(services, request.headers, request.id, request.log as Logger),
    }),
  });

  return {
    app,
    apollo,
    async listen(port = config.server.port, host = config.server.host) {
      const address = await app.listen({ port, host });
      const bound = app.server.address();
      const boundPort = typeof bound === 'object' && bound ? bound.port : port;
      return { url: address, port: boundPort };
    },
    async close() {
      await app.close();
      await apollo.stop().catch(() => undefined);
      await services.close();
    },
  };
}
