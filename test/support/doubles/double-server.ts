/**
 * Shared base for the provider test doubles: a real node:http server on 127.0.0.1 (port 0) that
 * records every request and can be told to misbehave (hang, reset, odd statuses, garbage, slow or
 * huge bodies). Real sockets are the point: an interceptor such as nock never opens a socket, so it
 * cannot show keep-alive reuse, connect and read timeouts, resets or trickled bodies.
 *
 * Lifecycle: `createDoubleServer(handler)` (or a subclass's `start…` function) listens and resolves
 * once the port is known; `reset()` between tests; `close()` in `afterAll`, which also destroys
 * hung and keep-alive sockets so jest can exit without open handles.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';

/** One request as the double saw it. Faulted requests are recorded too. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/openvidu/api/sessions`. */
  path: string;
  /** Raw request target including the query string, e.g. `/openvidu/api/sessions/x?pendingConnections=true`. */
  url: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Parsed JSON body; `undefined` when the body is empty or not valid JSON. */
  body: unknown;
  /** `Date.now()` when the request body was fully received (for retry/backoff timing assertions). */
  receivedAt: number;
  /** The fault applied to this request, if any (the normal handler did not run, except after `delay`). */
  fault?: Fault['kind'];
  /** Decoded (not necessarily verified) JWT payload of the Authorization header, set by doubles that read one. */
  jwtPayload?: Record<string, unknown>;
  /** Why the double refused the request's credentials, when it did (helps diagnose a failing test). */
  authFailure?: string;
}

/** Scriptable misbehaviour, applied to one incoming request instead of (or before) the normal handler. */
export type Fault =
  /** Read the request, never answer (the socket stays open until the client gives up or `close()`). */
  | { kind: 'hang' }
  /** Read the request, then reset the TCP connection without a response (ECONNRESET for the client). */
  | { kind: 'reset' }
  /** Arbitrary answer: `body` => JSON, `text` => text/plain, neither => empty body without content type. */
  | { kind: 'status'; status: number; body?: unknown; text?: string; headers?: Record<string, string> }
  /** 200 with `content-type: application/json` and the body `<html>not json`. */
  | { kind: 'garbage' }
  /** Answer normally (normal handler) after `ms` milliseconds. */
  | { kind: 'delay'; ms: number }
  /** Slow-loris: 200 + JSON headers at once, then one body byte every `intervalMs`, forever. */
  | { kind: 'trickle'; intervalMs: number }
  /**
   * 200 JSON whose body is exactly `bytes` long (a valid `{"pad":"aaa…"}` object when bytes >= 10, so a
   * client without a body cap would parse it). Sent with content-length unless `chunked` is true, in which
   * case only byte counting on the client side can catch it.
   */
  | { kind: 'huge'; bytes: number; chunked?: boolean };

/** Answers one (non-faulted) request. Throwing or rejecting makes the double answer 500 text. */
export type DoubleHandler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export interface DoubleServerOptions {
  /** Idle keep-alive timeout of the server side (node default 5000 ms). */
  keepAliveTimeoutMs?: number;
}

const HOST = '127.0.0.1';

/** Writes a JSON response (`content-type: application/json`). No-op when the response is already over. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** Writes a plain-text response (`content-type: text/plain; charset=utf-8`). */
export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * Writes a response with no body and no content type (OpenVidu's 409/404 style). Sends
 * `content-length: 0` (as Tomcat does) rather than an empty chunked body; 204/304 carry neither.
 */
export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const noBodyAllowed = status === 204 || status === 304 || status < 200;
  res.writeHead(status, noBodyAllowed ? headers : { 'content-length': '0', ...headers });
  res.end();
}

function parseJson(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** `decodeURIComponent` that returns the input unchanged for malformed escapes (never throws). */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** True when the request carried a non-empty body that is not valid JSON. */
export function hasMalformedJson(req: RecordedRequest): boolean {
  return req.rawBody.trim() !== '' && req.body === undefined;
}

/**
 * Base class of every double. Subclasses override `handle`; plain handlers go through
 * `createDoubleServer`. Faults are consumed FIFO, one per request; when the queue is empty the
 * standing fault from `injectAlways` (if any) applies.
 */
export class DoubleServer {
  /** Every request received since start or the last `reset()`, in arrival order. */
  readonly requests: RecordedRequest[] = [];

  protected readonly server: http.Server;
  private readonly faultQueue: Fault[] = [];
  private standingFault: Fault | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private acceptedConnections = 0;
  private boundPort = 0;
  private closing: Promise<void> | undefined;

  constructor(options: DoubleServerOptions = {}) {
    this.server = http.createServer((req, res) => this.onRequest(req, res));
    if (options.keepAliveTimeoutMs !== undefined) this.server.keepAliveTimeout = options.keepAliveTimeoutMs;
    this.server.on('connection', (socket: net.Socket) => {
      this.acceptedConnections += 1;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Starts listening on 127.0.0.1 with an ephemeral port. */
  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, HOST, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (this.server.address() as AddressInfo).port;
    return this;
  }

  get port(): number {
    if (this.boundPort === 0) throw new Error('double server is not listening yet');
    return this.boundPort;
  }

  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  get url(): string {
    return `http://${HOST}:${this.port}`;
  }

  /** TCP connections accepted since start or the last `reset()` (keep-alive reuse keeps this at 1). */
  get connectionCount(): number {
    return this.acceptedConnections;
  }

  /** Sockets currently open (hung requests, idle keep-alive sockets); useful for leak assertions. */
  get openConnectionCount(): number {
    return this.sockets.size;
  }

  /** Requests with this method whose path equals `path` (string) or matches it (RegExp). */
  findRequests(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method === method.toUpperCase() && (typeof path === 'string' ? r.path === path : path.test(r.path)),
    );
  }

  /** Queues `fault` for the next `times` requests (FIFO, after any faults already queued). */
  inject(fault: Fault, times = 1): this {
    for (let i = 0; i < times; i += 1) this.faultQueue.push(fault);
    return this;
  }

  /** Applies `fault` to every request once the queue is empty, until `clearFaults()` or `reset()`. */
  injectAlways(fault: Fault): this {
    this.standingFault = fault;
    return this;
  }

  clearFaults(): this {
    this.faultQueue.length = 0;
    this.standingFault = undefined;
    return this;
  }

  /**
   * Forgets recorded requests, faults and the connection counter. Subclasses also clear their provider
   * state. Open sockets are left alone (a keep-alive socket may legitimately survive between tests).
   */
  reset(): void {
    this.requests.length = 0;
    this.clearFaults();
    this.acceptedConnections = 0;
  }

  /** Stops listening, destroys every open socket (including hung and trickling ones) and resolves when closed. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
      for (const socket of this.sockets) socket.destroy();
      if (!this.server.listening) {
        resolve();
        return;
      }
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  /** The double's normal behaviour; the base answers 404 with an empty body. */
  protected handle(_req: RecordedRequest, res: ServerResponse): void | Promise<void> {
    sendEmpty(res, 404);
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => undefined); // client went away mid-body; nothing to answer
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const target = req.url ?? '/';
      const fault = this.faultQueue.shift() ?? this.standingFault;
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: new URL(target, 'http://double.invalid').pathname,
        url: target,
        headers: req.headers,
        rawBody,
        body: parseJson(rawBody),
        receivedAt: Date.now(),
        ...(fault ? { fault: fault.kind } : {}),
      };
      this.requests.push(recorded);
      if (fault) this.applyFault(fault, recorded, req, res);
      else void this.runHandler(recorded, res);
    });
  }

  private async runHandler(recorded: RecordedRequest, res: ServerResponse): Promise<void> {
    try {
      await this.handle(recorded, res);
    } catch (error) {
      // A bug in the double itself: make it loud rather than a silent hang.
      sendText(res, 500, `test double handler failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private schedule(ms: number, fn: () => void, repeat = false): NodeJS.Timeout {
    const timer = repeat ? setInterval(fn, ms) : setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private cancel(timer: NodeJS.Timeout): void {
    clearTimeout(timer); // clearTimeout also clears intervals
    this.timers.delete(timer);
  }

  private applyFault(fault: Fault, recorded: RecordedRequest, req: IncomingMessage, res: ServerResponse): void {
    switch (fault.kind) {
      case 'hang':
        return; // keep the socket; close() destroys it
      case 'reset':
        // RST rather than FIN, so the client sees a real ECONNRESET.
        req.socket.resetAndDestroy();
        return;
      case 'status': {
        const headers = fault.headers ?? {};
        if (fault.body !== undefined) sendJson(res, fault.status, fault.body, headers);
        else if (fault.text !== undefined) sendText(res, fault.status, fault.text, headers);
        else sendEmpty(res, fault.status, headers);
        return;
      }
      case 'garbage': {
        const body = '<html>not json';
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      case 'delay':
        this.schedule(fault.ms, () => {
          if (!res.destroyed) void this.runHandler(recorded, res);
        });
        return;
      case 'trickle': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
        // '{' then whitespace forever: a streaming JSON parser never sees an error, only an unfinished value.
        let first = true;
        const timer = this.schedule(
          fault.intervalMs,
          () => {
            res.write(first ? '{' : ' ');
            first = false;
          },
          true,
        );
        res.on('close', () => this.cancel(timer));
        return;
      }
      case 'huge':
        this.sendHuge(res, fault.bytes, fault.chunked ?? false);
        return;
    }
  }

  /** Streams `bytes` bytes with back-pressure, stopping if the client goes away. */
  private sendHuge(res: ServerResponse, bytes: number, chunked: boolean): void {
    const head = bytes >= 10 ? '{"pad":"' : '';
    const tail = bytes >= 10 ? '"}' : '';
    const padByte = bytes >= 10 ? 'a' : ' ';
    let remaining = bytes - head.length - tail.length;
    const block = Buffer.alloc(64 * 1024, padByte);

    res.writeHead(200, { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': String(bytes) }) });
    res.write(head);
    const pump = (): void => {
      while (remaining > 0) {
        if (res.destroyed) return;
        const n = Math.min(remaining, block.length);
        remaining -= n;
        if (!res.write(n === block.length ? block : block.subarray(0, n))) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end(tail);
    };
    pump();
  }
}

/** Starts a double with a plain handler (for ad-hoc servers in a single test). */
export async function createDoubleServer(handler: DoubleHandler, options: DoubleServerOptions = {}): Promise<DoubleServer> {
  class HandlerDouble extends DoubleServer {
    protected override handle(req: RecordedRequest, res: ServerResponse): void | Promise<void> {
      return handler(req, res);
    }
  }
  return new HandlerDouble(options).listen();
}

/**
 * A URL on 127.0.0.1 where nothing listens (bind port 0, read the port, release it), so a client gets
 * ECONNREFUSED. Another process could grab the port in between; on a test machine that is rare enough.
 */
export async function unusedPortUrl(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, HOST, () => resolve());
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://${HOST}:${port}`;
}
