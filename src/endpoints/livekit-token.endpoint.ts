import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GraphQLError } from 'graphql';
import { buildContext } from '../context/build-context.js';
import { ErrorCode } from '../errors/error-codes.js';
import { formatError, isExpectedError } from '../errors/format-error.js';
import { UnauthenticatedError } from '../errors/gateway-errors.js';
import { responseStatus } from '../errors/http-status.js';
import type { GatewayServices } from '../server/gateway-services.js';
import { toCredentialRequest } from './livekit-token.request.js';
import { requestReadFailureMessage } from '../server/request-read-failure.js';

/** Where LiveKit's client SDKs fetch credentials (`TokenSource.endpoint(url)`). */
export const LIVEKIT_TOKEN_PATH = '/livekit/token';
/** The operation label of this endpoint in the request line and the request metrics. */
export const LIVEKIT_TOKEN_OPERATION = 'livekit_token_endpoint';

/** A refusal of the HTTP request itself (content type, unreadable body): code BAD_REQUEST, with a more precise 4xx. */
class ProtocolRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const JSON_CONTENT_TYPE = /^application\/json\s*(;|$)/i;

/**
 * `POST /livekit/token`: LiveKit's standard token endpoint, answered by the same credential flow as the
 * `issueLivekitToken` mutation, with the same rules end to end:
 * - the caller token is verified by the GraphQL context builder (same verifier, same auth-failure
 *   budget: an invalid token, or none, spends the address's budget and is 429 past it);
 * - the request costs `points` (the rate-limit points of one `issueLivekitToken`) from the same
 *   caller and IP budgets, charged once the body has the endpoint's shape;
 * - identity, room, grants, agents and lifetime are the credential flow's decisions, and it writes
 *   the audit line;
 * - failures answer `{"error": {"code", "message"}}` with the code's status from errors/http-status.ts
 *   (and `Retry-After` on 429); the request line and metrics carry the operation `livekit_token_endpoint`.
 * Success is 201 with `server_url`, `participant_token`, `room_name` and `participant_name`.
 */
export function registerLivekitTokenEndpoint(app: FastifyInstance, services: GatewayServices, points: number): void {
  const { logger, rateLimiter } = services;

  const refuse = (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
    let code: string;
    let message: string;
    let status: number;
    if (error instanceof ProtocolRefusal) {
      code = 'BAD_REQUEST';
      message = error.message;
      status = responseStatus({ hasData: false, errorCodes: [code] }, error.status);
    } else {
      // The GraphQL error formatter decides what a client may see (messages of our own errors, validation
      // details; anything else masked), so both transports say the same.
      const formatted = formatError({ message: '' }, error);
      code = String(formatted.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
      message = formatted.message;
      status = responseStatus({ hasData: false, errorCodes: [code] });
      if (!isExpectedError(error)) {
        const err = error instanceof Error ? { type: error.name, message: error.message, stack: error.stack } : { type: typeof error };
        logger.error({ reqId: request.id, err, operation: LIVEKIT_TOKEN_OPERATION }, 'unexpected error (masked for the client)');
      }
      const headers = (error as GraphQLError | null)?.extensions?.http as { headers?: Map<string, string> } | undefined;
      for (const [name, value] of headers?.headers ?? []) void reply.header(name, value);
    }
    request.record.noteResponse({ hasData: false, errorCodes: [code] });
    return reply.code(status).header('content-type', 'application/json; charset=utf-8').send({ error: { code, message } });
  };

  app.route({
    url: LIVEKIT_TOKEN_PATH,
    method: 'POST',
    // Unreadable JSON and oversized bodies fail before the handler: answered in this endpoint's shape.
    errorHandler: (error: FastifyError, request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) return refuse(request, reply, error);
      const message = requestReadFailureMessage(status, error, services.config.server.bodyLimitBytes, 'The request could not be read.');
      return refuse(request, reply, new ProtocolRefusal(status, message));
    },
    handler: async (request, reply) => {
      const record = request.record;
      record.noteOperation(LIVEKIT_TOKEN_OPERATION);
      try {
        const contentType = request.headers['content-type'];
        if (contentType === undefined || !JSON_CONTENT_TYPE.test(contentType)) {
          throw new ProtocolRefusal(415, 'The request must be JSON (Content-Type: application/json).');
        }
        const context = await buildContext(services, request.headers, request.id, request.ip, record);
        const caller = context.user;
        if (!caller) {
          // No token at all: a failed authentication of the address, as an anonymous GraphQL operation is.
          throw (await rateLimiter.recordAuthFailure(request.ip)) ?? new UnauthenticatedError();
        }
        const credentialRequest = toCredentialRequest(request.body);
        await rateLimiter.consume({ callerId: caller.id, ip: request.ip }, points);
        const issued = await context.credentials.livekit.issueToken(caller, credentialRequest, context.scope);
        record.noteResponse({ hasData: true, errorCodes: [] });
        return reply
          .code(201)
          .header('content-type', 'application/json; charset=utf-8')
          .header('cache-control', 'no-store')
          .send({
            server_url: issued.serverUrl,
            participant_token: issued.token,
            room_name: issued.roomName,
            participant_name: issued.name,
          });
      } catch (error) {
        return refuse(request, reply, error);
      }
    },
  });
}
