import { registerEnumType } from 'type-graphql';

/** Every provider the gateway speaks to (the GraphQL `Provider`); values are the policy's provider names. */
export enum ProviderEnum {
  LIVEKIT = 'livekit',
  OPENVIDU = 'openvidu',
  VIDEOSDK = 'videosdk',
}
registerEnumType(ProviderEnum, { name: 'Provider', description: 'A video provider the gateway speaks to.' });
