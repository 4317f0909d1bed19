/**
 * Baseline "node-http": the same token endpoint as the express sample on bare `node:http`, the floor
 * for "a LiveKit token over HTTP" in Node. Same contract: `POST /token` with
 * `{ roomName, participantName }`, 400 when one is missing, the signed token as a JSON string,
 * `access-control-allow-origin: *` as `cors()` adds. Anything else is 404.
 */
import http from 'node:http';
import { AccessToken } from 'livekit-server-sdk';

const port = Number(process.env.PORT ?? 6081);
const apiKey = process.env.LIVEKIT_API_KEY ?? 'devkey';
const apiSecret = process.env.LIVEKIT_API_SECRET ?? 'secret';

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'access-control-allow-origin': '*',
  });
  res.end(payload);
}

async function issue(raw: string, res: http.ServerResponse): Promise<void> {
  let body: { roomName?: unknown; participantName?: unknown };
  try {
    body = JSON.parse(raw) as typeof body;
  } catch {
    reply(res, 400, 'the body must be JSON');
    return;
  }
  const { roomName, participantName } = body ?? {};
  if (typeof roomName !== 'string' || !roomName || typeof participantName !== 'string' || !participantName) {
    reply(res, 400, 'roomName and participantName are required');
    return;
  }
  const accessToken = new AccessToken(apiKey, apiSecret, { identity: participantName });
  accessToken.addGrant({ roomJoin: true, room: roomName });
  reply(res, 200, await accessToken.toJwt());
}

http
  .createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/token') {
      reply(res, 404, 'not found');
      req.resume();
      return;
    }
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      issue(raw, res).catch(() => reply(res, 500, 'internal error'));
    });
  })
  .listen(port, '127.0.0.1');

// Exit normally on SIGTERM (the benchmark's stop signal) so `node --cpu-prof` can write its profile.
process.on('SIGTERM', () => process.exit(0));
