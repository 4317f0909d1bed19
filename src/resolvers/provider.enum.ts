import { registerEnumType } from 'type-graphql';

/** Every video provider, as the fields that take any of them (moderation, room events) name it. */
export enum ProviderEnum {
  LIVEKIT = 'livekit',
  OPENVIDU = 'openvidu',
  VIDEOSDK = 'videosdk',
}
registerEnumType(ProviderEnum, { name: 'Provider', description: 'A video provider the gateway reaches.' });
