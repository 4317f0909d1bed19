import { randomUUID } from 'node:crypto';

/** The longest client request id kept; longer ones are cut. */
export const CLIENT_REQUEST_ID_MAX_LENGTH = 128;
const UNSAFE = /[^A-Za-z0-9._:-]/g;

/**
 * The gateway's own id for a request: always generated, never taken from the client, so a log or audit
 * line's `reqId` cannot be forged or made to collide with another request's.
 */
export function generateRequestId(): string {
  return randomUUID();
}

/**
 * The client's `x-request-id`, kept for correlation as `clientRequestId` next to the gateway's id: at
 * most 128 characters, every character outside `[A-Za-z0-9._:-]` replaced by `_` (no control
 * characters, quotes or spaces reach a log line). Undefined when absent or empty.
 */
export function clientRequestId(header: string | string[] | undefined): string | undefined {
  const given = Array.isArray(header) ? header[0] : header;
  if (!given) return undefined;
  return given.slice(0, CLIENT_REQUEST_ID_MAX_LENGTH).replace(UNSAFE, '_');
}
