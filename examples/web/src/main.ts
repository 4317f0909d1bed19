/**
 * callgate browser example: reads a caller token (field or `#token=...` fragment), asks the gateway
 * who the caller is (`viewer`) and for a LiveKit token (`issueLivekitToken`) with the generated typed
 * documents, shows what the LiveKit token says, and can join the room with livekit-client.
 */
import { decodeTokenPayload, Room, RoomEvent, TokenSource } from 'livekit-client';
import { IssueLivekitTokenDocument, ViewerDocument } from '../../../client/generated/graphql.js';
import { execute, gatewayEndpoint, GatewayError } from './gateway.js';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from index.html`);
  return found as T;
}

const form = element<HTMLFormElement>('request-form');
const gatewayField = element<HTMLInputElement>('gateway-url');
const tokenField = element<HTMLTextAreaElement>('caller-token');
const roomField = element<HTMLInputElement>('room-name');
const submitButton = element<HTMLButtonElement>('get-credentials');
const errorBox = element('error');
const identityBox = element('identity');
const livekitBox = element('livekit');
const joinButton = element<HTMLButtonElement>('join');
const joinStatus = element('join-status');
const endpointButton = element<HTMLButtonElement>('fetch-endpoint');
const endpointResult = element('endpoint-result');
const endpointTokenLabel = element('endpoint-token-label');
const endpointToken = element<HTMLTextAreaElement>('endpoint-token');

/** The LiveKit credentials last obtained (from GraphQL or the endpoint), used by Join. */
let credentials: { serverUrl: string; token: string } | null = null;
let room: Room | null = null;

// Development convenience: #token=<caller JWT>&gateway=<url>&room=<name>. The fragment never reaches
// a server; it is removed from the address bar (and history) once read.
const fragment = new URLSearchParams(location.hash.slice(1));
if (fragment.get('token')) tokenField.value = fragment.get('token')!;
if (fragment.get('gateway')) gatewayField.value = fragment.get('gateway')!;
if (fragment.get('room')) roomField.value = fragment.get('room')!;
if (location.hash) history.replaceState(null, '', location.pathname + location.search);

function setText(id: string, text: string): void {
  element(id).textContent = text;
}

function describeExpiry(epochSeconds: number | undefined): string {
  if (epochSeconds === undefined) return '(no exp claim)';
  const minutes = Math.round((epochSeconds * 1000 - Date.now()) / 60_000);
  const relative = minutes >= 0 ? `in ${minutes} min` : `${-minutes} min ago`;
  return `${new Date(epochSeconds * 1000).toISOString()} (${relative})`;
}

function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof GatewayError) return { code: error.code, message: error.message };
  return { code: 'CLIENT_ERROR', message: error instanceof Error ? error.message : String(error) };
}

function showError(error: unknown): void {
  const { code, message } = describeError(error);
  setText('error-code', code);
  setText('error-message', message);
  errorBox.hidden = false;
}

/** What the LiveKit token itself says (decoded here for display; the LiveKit server verifies it). */
function showLivekitToken(token: string, serverUrl: string): void {
  const payload = decodeTokenPayload(token);
  setText('livekit-sub', payload.sub ?? '(none)');
  setText('livekit-room', payload.video?.room ?? '(none)');
  setText('livekit-exp', describeExpiry(payload.exp));
  setText('livekit-server-url', serverUrl);
  element<HTMLTextAreaElement>('livekit-token').value = token;
  livekitBox.hidden = false;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void getCredentials();
});

async function getCredentials(): Promise<void> {
  const gateway = gatewayField.value.trim();
  const callerToken = tokenField.value.trim();
  errorBox.hidden = true;
  identityBox.hidden = true;
  livekitBox.hidden = true;
  credentials = null;
  submitButton.disabled = true;
  document.body.dataset.state = 'loading';
  try {
    const { viewer } = await execute(gateway, callerToken, ViewerDocument);
    setText('viewer-id', viewer.id);
    setText('viewer-name', viewer.name ?? '(none)');
    setText('viewer-roles', viewer.roles.length ? viewer.roles.join(', ') : '(none)');
    setText('viewer-expires', describeExpiry(Date.parse(viewer.tokenExpiresAt) / 1000));
    identityBox.hidden = false;

    const { issueLivekitToken: issued } = await execute(gateway, callerToken, IssueLivekitTokenDocument, {
      input: { roomName: roomField.value.trim() },
    });
    credentials = { serverUrl: issued.serverUrl, token: issued.token };
    showLivekitToken(issued.token, issued.serverUrl);
    document.body.dataset.state = 'done';
  } catch (error) {
    showError(error);
    document.body.dataset.state = 'error';
  } finally {
    submitButton.disabled = false;
  }
}

// The same credentials through livekit-client's standard token endpoint client, with the caller
// token as the bearer token: POST <gateway>/livekit/token with { room_name }.
endpointButton.addEventListener('click', () => void fetchFromEndpoint());

async function fetchFromEndpoint(): Promise<void> {
  endpointResult.className = '';
  endpointResult.textContent = 'Fetching…';
  endpointTokenLabel.hidden = true;
  endpointToken.value = '';
  endpointButton.disabled = true;
  try {
    const url = gatewayEndpoint(gatewayField.value.trim(), 'livekit/token');
    const source = TokenSource.endpoint(url, { headers: { authorization: `Bearer ${tokenField.value.trim()}` } });
    const { serverUrl, participantToken } = await source.fetch({ roomName: roomField.value.trim() });
    const payload = decodeTokenPayload(participantToken);
    credentials = { serverUrl, token: participantToken };
    endpointResult.className = 'ok';
    endpointResult.textContent = `sub ${payload.sub ?? '(none)'}, room ${payload.video?.room ?? '(none)'}, exp ${describeExpiry(payload.exp)}, server ${serverUrl}`;
    endpointToken.value = participantToken;
    endpointTokenLabel.hidden = false;
  } catch (error) {
    endpointResult.className = 'failed';
    endpointResult.textContent = `Endpoint error: ${describeError(error).message}`;
  } finally {
    endpointButton.disabled = false;
  }
}

// Join needs a reachable LiveKit server at the token's server URL (e.g. `livekit-server --dev`).
joinButton.addEventListener('click', () => void toggleJoin());

async function toggleJoin(): Promise<void> {
  if (room) {
    const leaving = room;
    room = null;
    await leaving.disconnect();
    joinButton.textContent = 'Join';
    joinStatus.className = '';
    joinStatus.textContent = 'Left the room.';
    return;
  }
  if (!credentials) {
    joinStatus.className = 'failed';
    joinStatus.textContent = 'Get credentials first.';
    return;
  }
  const joining = new Room();
  joinButton.disabled = true;
  joinStatus.className = '';
  joinStatus.textContent = `Connecting to ${credentials.serverUrl}…`;
  try {
    await joining.connect(credentials.serverUrl, credentials.token);
    room = joining;
    joining.once(RoomEvent.Disconnected, (reason) => {
      if (room !== joining) return;
      room = null;
      joinButton.textContent = 'Join';
      joinStatus.className = 'failed';
      joinStatus.textContent = `Disconnected from the room (reason ${reason ?? 'unknown'}).`;
    });
    joinButton.textContent = 'Leave';
    joinStatus.className = 'ok';
    joinStatus.textContent = `Joined room ${joining.name} as ${joining.localParticipant.identity}.`;
  } catch (error) {
    joinStatus.className = 'failed';
    joinStatus.textContent = `Could not join at ${credentials.serverUrl}: ${describeError(error).message}`;
  } finally {
    joinButton.disabled = false;
  }
}
