/**
 * Raw TCP clients for what an HTTP library hides: a keep-alive socket that was served once, a
 * socket that stalls in the middle of its headers, and a connection the server may drop on arrival.
 */
import { once } from 'node:events';
import net from 'node:net';
import { waitFor } from './provider-rig.js';

const portOf = (baseUrl: string) => Number(new URL(baseUrl).port);

/** Opens a keep-alive socket and waits for one complete `200 {"status":"ok"}` to GET /healthz on it. */
export async function servedSocket(baseUrl: string): Promise<net.Socket> {
  const socket = net.connect(portOf(baseUrl), '127.0.0.1');
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString()));
  socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  await waitFor(() => received.includes('{"status":"ok"}'), 'a /healthz answer');
  if (!received.startsWith('HTTP/1.1 200 ')) throw new Error(`unexpected answer: ${received}`);
  return socket;
}

/**
 * Connects, sends `bytes` (e.g. half a header block) and nothing more, and resolves with everything
 * the server wrote once it closes the connection. Waits for the server's close, never for a clock.
 */
export async function sendAndAwaitClose(baseUrl: string, bytes: string): Promise<string> {
  const socket = net.connect(portOf(baseUrl), '127.0.0.1');
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString()));
  socket.on('error', () => undefined); // a connection dropped on arrival may reset
  socket.on('connect', () => socket.write(bytes));
  await once(socket, 'close');
  return received;
}
