/**
 * Baseline "express-sample": the LiveKit application server of the OpenVidu tutorials
 * (OpenVidu/openvidu-livekit-tutorials, application-server/node/index.js), rewritten here with the
 * same behaviour so the benchmark compares the gateway with what teams actually run:
 * Express 5 with `cors()`, `express.json()` and the tutorial's `express.raw()` for webhook bodies;
 * `POST /token` with `{ roomName, participantName }`; 400 when one is missing; otherwise a LiveKit
 * `AccessToken` for that identity with `roomJoin` on the room, `await toJwt()`, and the token sent
 * with `res.json` (the tutorial replies with the JSON string itself).
 *
 * Differences on purpose, none on the request path: it binds to 127.0.0.1 (benchmark rule), reads
 * its port from PORT, and has no webhook route (the benchmark never calls it), and exits on SIGTERM. No authentication,
 * no policy, no logging: that is the point of the comparison.
 */
import cors from 'cors';
import express from 'express';
import { AccessToken } from 'livekit-server-sdk';

const port = Number(process.env.PORT ?? 6080);
const apiKey = process.env.LIVEKIT_API_KEY ?? 'devkey';
const apiSecret = process.env.LIVEKIT_API_SECRET ?? 'secret';

const app = express();
app.use(cors());
app.use(express.json());
app.use(express.raw({ type: 'application/webhook+json' }));

app.post('/token', async (req, res) => {
  // As in the tutorial: read straight from req.body (a request without a JSON body fails with 500).
  const roomName = req.body.roomName;
  const participantName = req.body.participantName;
  if (!roomName || !participantName) {
    res.status(400).json('roomName and participantName are required');
    return;
  }
  const accessToken = new AccessToken(apiKey, apiSecret, { identity: participantName });
  accessToken.addGrant({ roomJoin: true, room: roomName });
  const token = await accessToken.toJwt();
  res.json(token);
});

app.listen(port, '127.0.0.1');

// Exit normally on SIGTERM (the benchmark's stop signal) so `node --cpu-prof` can write its profile.
process.on('SIGTERM', () => process.exit(0));
