/**
 * Reference "apollo-floor": the least a GraphQL token server on this stack can do. Fastify 5 with
 * Apollo Server 5 at `POST /graphql`, the gateway's `issueLivekitToken` field and result types in
 * plain SDL, and a resolver that signs the token with the SDK exactly as the express sample does.
 * No caller authentication, type-graphql, validation, policy, rate limit, metrics or logs: it
 * shows what the HTTP host, Apollo's request pipeline and graphql-js cost on their own, so the
 * benchmark can tell that cost apart from the gateway's own work. Not a product: the identity is
 * the client's `participantName`, as in the tutorial samples.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify from 'fastify';
import { AccessToken } from 'livekit-server-sdk';
import { DEFAULT_POLICY } from '../../src/policy/default-policy.js';

const port = Number(process.env.PORT ?? 6082);
const apiKey = process.env.LIVEKIT_API_KEY ?? 'devkey';
const apiSecret = process.env.LIVEKIT_API_SECRET ?? 'secret';

const typeDefs = /* GraphQL */ `
  enum LivekitTrackSource { camera microphone screen_share screen_share_audio }
  type LivekitGrants {
    canPublish: Boolean!
    canSubscribe: Boolean!
    canPublishData: Boolean!
    canPublishSources: [LivekitTrackSource!]!
    canUpdateOwnMetadata: Boolean!
    hidden: Boolean!
    roomAdmin: Boolean!
    roomRecord: Boolean!
  }
  type LivekitToken { token: String! identity: String! name: String! roomName: String! serverUrl: String! expiresAt: String! grants: LivekitGrants! }
  input IssueLivekitTokenInput { roomName: String! participantName: String }
  type Query { ok: Boolean }
  type Mutation { issueLivekitToken(input: IssueLivekitTokenInput!): LivekitToken! }
`;

/** The grants the gateway answers with for a participant: the built-in policy's defaults ("all" spelt out as the API lists it). */
const { canPublishSources, ...flags } = DEFAULT_POLICY.roles.participant.livekit.defaults;
const grants = { ...flags, canPublishSources: canPublishSources === 'all' ? ['camera', 'microphone', 'screen_share', 'screen_share_audio'] : canPublishSources };

const resolvers = {
  Mutation: {
    async issueLivekitToken(_root: unknown, { input }: { input: { roomName: string; participantName?: string } }) {
      const identity = input.participantName ?? 'anonymous';
      const accessToken = new AccessToken(apiKey, apiSecret, { identity, ttl: 600 });
      accessToken.addGrant({ roomJoin: true, room: input.roomName });
      return {
        token: await accessToken.toJwt(),
        identity,
        name: identity,
        roomName: input.roomName,
        serverUrl: 'wss://livekit.bench.invalid',
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
        grants,
      };
    },
  },
};

const apollo = new ApolloServer({ typeDefs, resolvers, plugins: [ApolloServerPluginCacheControlDisabled()] });
await apollo.start();
const app = Fastify();
app.route({ url: '/graphql', method: ['GET', 'POST'], handler: fastifyApolloHandler(apollo) });
await app.listen({ port, host: '127.0.0.1' });

process.on('SIGTERM', () => process.exit(0));
