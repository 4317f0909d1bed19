import { RoomAgentDispatch, RoomConfiguration } from 'livekit-server-sdk';
import type { LivekitAgentDispatch } from './livekit.token-issuer.js';

/** What a client's `room_config` (LiveKit `RoomConfiguration`, protobuf JSON) asks for, as the gateway reads it. */
export type RoomConfigRead =
  | {
      ok: true;
      /** The agents to dispatch: name and metadata. */
      agents: LivekitAgentDispatch[];
      /** Fields set besides the agents' names and metadata, by their protobuf JSON names (the gateway grants none of them). */
      otherFields: string[];
    }
  | { ok: false; problem: string };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The protobuf JSON name a client may have used for a field (both spellings are accepted by protobuf JSON). */
const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Reads `room_config` with LiveKit's own `RoomConfiguration` (from the server SDK's protocol package),
 * so field names and types are exactly LiveKit's: an unknown field or a value of the wrong type is a
 * problem (never silently ignored). Agents must each name an agent. Any field set apart from the
 * agents' `agent_name` and `metadata` is listed in `otherFields`, so the caller can refuse it rather than drop it.
 * Problems never repeat the client's values.
 */
export function readRoomConfig(json: unknown): RoomConfigRead {
  if (!isPlainObject(json)) return { ok: false, problem: 'room_config must be a JSON object (a LiveKit RoomConfiguration)' };
  let config: RoomConfiguration;
  try {
    config = RoomConfiguration.fromJson(json as never);
  } catch {
    return { ok: false, problem: 'room_config is not a LiveKit RoomConfiguration (unknown field or wrong type)' };
  }
  // Keys present in the client's JSON (an explicit default counts as set: it is asked for, so it is answered).
  const otherFields = Object.keys(json)
    .filter((key) => key !== 'agents')
    .map(snakeCase);
  const empty = new RoomAgentDispatch();
  const agents: LivekitAgentDispatch[] = [];
  for (const [index, agent] of config.agents.entries()) {
    if (agent.agentName === '') return { ok: false, problem: `room_config.agents[${index}].agent_name must name an agent` };
    const rest = new RoomAgentDispatch({ ...agent, agentName: '', metadata: '' });
    if (!rest.equals(empty)) otherFields.push(`agents[${index}]: only agent_name and metadata`);
    agents.push({ agentName: agent.agentName, metadata: agent.metadata === '' ? undefined : agent.metadata });
  }
  return { ok: true, agents, otherFields };
}
