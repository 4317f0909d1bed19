/**
 * examples/web in headless Chromium against the real gateway: the page is served from its own origin
 * (a static server on 127.0.0.1), the gateway from another (127.0.0.1, another port), so every call is
 * cross-origin and the browser preflights it. Needs /usr/bin/chromium and examples/web's dependencies:
 * without them the suite is skipped locally and FAILS in CI (CI=true).
 */
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TokenVerifier } from 'livekit-server-sdk';
import type { Page } from 'playwright-core';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { unusedPortUrl } from '../support/doubles/double-server.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';
import {
  buildWebExample,
  launchChromium,
  missingBrowserPrerequisites,
  observePreflights,
  runningInCi,
  serveStatic,
  type StaticServer,
} from '../support/web-example.js';

const LIVEKIT = { key: 'lk-browser-key', secret: 'lk-browser-secret-0123456789abcdef0123456789' };
const OUTPUT_DIR = new URL('../../test-output/browser/', import.meta.url).pathname;
const ROOM = 'standup-7';

const missing = missingBrowserPrerequisites();
const skipHere = missing.length > 0 && !runningInCi();
if (skipHere) {
  process.stderr.write(`\nSKIPPED test/browser/web-example.test.ts (not in CI): ${missing.join('; ')}\n`);
}

interface GatewayPreflight {
  path: string;
  origin: string | undefined;
  requestedHeaders: string | undefined;
  status: number;
}

(skipHere ? describe.skip : describe)('examples/web in Chromium', () => {
  let gw: TestGateway;
  let site: StaticServer;
  let builtDir: string;
  let livekitUrl: string;
  const preflights: GatewayPreflight[] = [];
  const verifier = new TokenVerifier(LIVEKIT.key, LIVEKIT.secret);

  beforeAll(async () => {
    if (missing.length) throw new Error(`CI=true but the browser test cannot run: ${missing.join('; ')}`);
    // Nothing listens there: Join must fail and say so.
    livekitUrl = (await unusedPortUrl()).replace(/^http:/, 'ws:');
    gw = await startTestGateway({ LIVEKIT_API_KEY: LIVEKIT.key, LIVEKIT_API_SECRET: LIVEKIT.secret, LIVEKIT_URL: livekitUrl });
    // Seen at the gateway's own socket: every CORS preflight and how it was answered.
    gw.gateway.app.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.method !== 'OPTIONS') return;
      res.once('finish', () =>
        preflights.push({
          path: req.url ?? '',
          origin: req.headers.origin,
          requestedHeaders: req.headers['access-control-request-headers'],
          status: res.statusCode,
        }),
      );
    });
    builtDir = await buildWebExample();
    site = await serveStatic(builtDir);
    await mkdir(OUTPUT_DIR, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    await gw?.close();
    if (builtDir) await rm(builtDir, { recursive: true, force: true });
  });

  /**
   * Runs `fn` on a page in a browser of its own: a new empty profile per test, so no test sees another's
   * cached preflight (the gateway lets browsers cache them for 10 minutes) or anything else it left.
   */
  async function withPage(fn: (page: Page) => Promise<void>): Promise<void> {
    const browser = await launchChromium();
    try {
      await fn(await browser.context.newPage());
    } finally {
      await browser.close();
    }
  }

  /** Opens the example with the caller token, the gateway URL and the room in the fragment. */
  async function openExample(page: Page, callerToken: string): Promise<void> {
    const fragment = new URLSearchParams({ token: callerToken, gateway: gw.url, room: ROOM });
    await page.goto(`${site.url}#${fragment}`);
  }

  /** Waits until Get credentials has finished, either way; returns the error box text ('' when none). */
  async function getCredentials(page: Page): Promise<string> {
    await page.click('#get-credentials');
    await page.waitForSelector('body[data-state="done"], body[data-state="error"]');
    return (await page.isHidden('#error')) ? '' : ((await page.textContent('#error')) ?? '').trim();
  }

  it('shows the caller and a LiveKit token for them, after a CORS preflight the gateway answered', async () => {
    const alice = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice', name: 'Alice', roles: ['moderator'] });
    const pageOrigin = new URL(site.url).origin;
    preflights.length = 0;
    await withPage(async (page) => {
      const browserPreflights = await observePreflights(page);
      await openExample(page, alice);

      // The fragment filled the form and was then removed from the address bar.
      await expect(page.inputValue('#caller-token')).resolves.toBe(alice);
      await expect(page.inputValue('#gateway-url')).resolves.toBe(gw.url);
      expect(page.url()).not.toContain('#');

      expect(await getCredentials(page)).toBe('');
      await expect(page.textContent('#viewer-id')).resolves.toBe('alice');
      await expect(page.textContent('#viewer-name')).resolves.toBe('Alice');
      await expect(page.textContent('#viewer-roles')).resolves.toBe('moderator');

      // The token on the page is a real LiveKit token for this caller and room.
      const token = await page.inputValue('#livekit-token');
      const claims = await verifier.verify(token);
      expect(claims.sub).toBe('alice');
      expect(claims.video?.room).toBe(ROOM);
      await expect(page.textContent('#livekit-sub')).resolves.toBe('alice');
      await expect(page.textContent('#livekit-room')).resolves.toBe(ROOM);
      expect(await page.textContent('#livekit-exp')).toContain(new Date(claims.exp! * 1000).toISOString());
      await expect(page.textContent('#livekit-server-url')).resolves.toBe(livekitUrl);
      expect(await page.isVisible('#join')).toBe(true);

      // The browser asked first (authorization and a JSON content type are not CORS-safelisted):
      // the gateway got the preflight from the page's origin and allowed that origin and headers.
      const atGateway = preflights.filter((p) => p.path === '/graphql' && p.origin === pageOrigin);
      expect(atGateway.length).toBeGreaterThanOrEqual(1);
      for (const preflight of atGateway) {
        expect(preflight.status).toBe(204);
        expect(preflight.requestedHeaders?.split(',').map((h) => h.trim()).sort()).toEqual(['authorization', 'content-type']);
      }
      const inBrowser = browserPreflights.filter((p) => p.url === gw.graphqlUrl);
      expect(inBrowser.length).toBeGreaterThanOrEqual(1);
      for (const preflight of inBrowser) {
        expect(preflight.status).toBe(204);
        expect(preflight.headers['access-control-allow-origin']).toBe(pageOrigin);
        expect(preflight.headers['access-control-allow-headers']?.split(',').map((h) => h.trim())).toEqual(
          expect.arrayContaining(['authorization', 'content-type']),
        );
      }

      await page.screenshot({ path: `${OUTPUT_DIR}web-example.png`, fullPage: true });
    });
  }, 60_000);

  it('shows UNAUTHENTICATED and the gateway message for an expired caller token, not a blank page', async () => {
    const expired = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice', name: 'Alice' }, { expiresIn: -120 });
    await withPage(async (page) => {
      await openExample(page, expired);
      expect(await getCredentials(page)).not.toBe('');
      await expect(page.textContent('#error-code')).resolves.toBe('UNAUTHENTICATED');
      await expect(page.textContent('#error-message')).resolves.toBe('The caller token is invalid or expired.');
      expect(await page.isHidden('#identity')).toBe(true);
      expect(await page.isHidden('#livekit')).toBe(true);
      await page.screenshot({ path: `${OUTPUT_DIR}web-example-expired.png`, fullPage: true });
    });
  }, 60_000);

  it('says why Join failed when no LiveKit server answers at the token server URL', async () => {
    const alice = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice', name: 'Alice' });
    await withPage(async (page) => {
      await openExample(page, alice);
      expect(await getCredentials(page)).toBe('');
      await page.click('#join');
      await page.waitForSelector('#join-status.failed', { timeout: 30_000 });
      expect(await page.textContent('#join-status')).toContain(`Could not join at ${livekitUrl}:`);
      expect(await page.isEnabled('#join')).toBe(true);
      await page.screenshot({ path: `${OUTPUT_DIR}web-example-join-failed.png`, fullPage: true });
    });
  }, 60_000);

  it('shows a refusal from the token endpoint in the endpoint area (expired caller token)', async () => {
    const expired = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice' }, { expiresIn: -120 });
    await withPage(async (page) => {
      await openExample(page, expired);
      await page.click('#fetch-endpoint');
      await page.waitForSelector('#endpoint-result.failed');
      const shown = await page.textContent('#endpoint-result');
      expect(shown).toContain(`Endpoint error: Error generating token from endpoint ${gw.url}/livekit/token: received 401`);
      expect(shown).toContain('"code":"UNAUTHENTICATED"');
      expect(await page.isHidden('#endpoint-token-label')).toBe(true);
      expect(await page.isHidden('#error')).toBe(true);
      await page.screenshot({ path: `${OUTPUT_DIR}web-example-endpoint-refused.png`, fullPage: true });
    });
  }, 60_000);

  it('fetches LiveKit credentials from POST /livekit/token with TokenSource.endpoint, and shows a token that verifies for the caller', async () => {
    const bob = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'bob', name: 'Bob' });
    const pageOrigin = new URL(site.url).origin;
    preflights.length = 0;
    await withPage(async (page) => {
      await openExample(page, bob);
      await page.click('#fetch-endpoint');
      await page.waitForSelector('#endpoint-result.ok');
      const token = await page.inputValue('#endpoint-token');
      const claims = await verifier.verify(token);
      expect(claims.sub).toBe('bob');
      expect(claims.video?.room).toBe(ROOM);
      const shown = await page.textContent('#endpoint-result');
      expect(shown).toContain(`sub bob, room ${ROOM}, exp ${new Date(claims.exp! * 1000).toISOString()}`);
      expect(shown).toContain(`server ${livekitUrl}`);
      // The cross-origin POST was preflighted, and the gateway allowed the page's origin and headers.
      const atGateway = preflights.filter((p) => p.path === '/livekit/token' && p.origin === pageOrigin);
      expect(atGateway.length).toBeGreaterThanOrEqual(1);
      for (const preflight of atGateway) {
        expect(preflight.status).toBe(204);
        expect(preflight.requestedHeaders?.split(',').map((h) => h.trim()).sort()).toEqual(['authorization', 'content-type']);
      }
      await page.screenshot({ path: `${OUTPUT_DIR}web-example-endpoint.png`, fullPage: true });
    });
  }, 60_000);
});
