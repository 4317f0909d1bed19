import type { Policy } from '../policy/policy.js';
import type { LivekitTokenIssuer } from '../providers/livekit/livekit.token-issuer.js';
import type { RoomAccessService } from '../rooms/room-access.service.js';
import { LivekitCredentials } from './livekit-credentials.js';

/**
 * The credential flows, one per provider. Each one authorizes the room, decides what the credential
 * allows and for how long from the policy (ownership included), signs it or calls the provider, and
 * writes the audit line. Built once; every method takes the caller and a request scope, so any
 * transport can call it.
 */
export interface Credentials {
  livekit: LivekitCredentials;
}

export function createCredentials(deps: { policy: Policy; rooms: RoomAccessService; livekit: LivekitTokenIssuer | null }): Credentials {
  return {
    livekit: new LivekitCredentials(deps.policy, deps.rooms, deps.livekit),
  };
}
