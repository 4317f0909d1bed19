/**
 * What the browser test of examples/web needs: the example built with its own Vite into a temporary
 * folder, a static file server for it on 127.0.0.1 (its own origin, apart from the gateway's), and
 * Debian's Chromium driven by playwright-core (no browser download).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const EXAMPLE_DIR = new URL('../../examples/web/', import.meta.url).pathname;
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VITE_BIN = join(EXAMPLE_DIR, 'node_modules/vite/bin/vite.js');

/** Why the browser test cannot run here (empty when it can). */
export function missingBrowserPrerequisites(): string[] {
  const missing: string[] = [];
  if (!existsSync(CHROMIUM_PATH)) missing.push(`no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
  if (!existsSync(VITE_BIN)) missing.push('examples/web has no dependencies installed (cd examples/web && npm ci)');
  return missing;
}

/** CI sets CI=true (GitHub Actions, .ci/run's callers); "false" or "0" mean a local run. */
export function runningInCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/**
 * Runs `vite build` of examples/web into a new temporary folder and returns that folder. Without
 * --bypass-lock, Vite refuses to build while another build of the same project runs (a second test
 * run, or a developer's own `npm run build`); this one writes only to its own folder.
 */
export async function buildWebExample(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'callgate-web-example-'));
  const child = spawn(process.execPath, [VITE_BIN, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn', '--bypass-lock'], {
    cwd: EXAMPLE_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`vite build of examples/web failed (exit ${code}):\n${output}`);
  return outDir;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the files under `root` on 127.0.0.1 (a free port); `/` is index.html. GET only. */
export async function serveStatic(root: string): Promise<StaticServer> {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname));
    if (req.method !== 'GET' || !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a new empty profile, no background traffic to Google services. */
export async function launchChromium(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'callgate-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 900, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export interface ObservedPreflight {
  url: string;
  status: number;
  /** Response headers, names lower-cased. */
  headers: Record<string, string>;
}

/**
 * CORS preflights as the browser saw them. Playwright's request/response events leave preflights
 * out; Chromium's DevTools protocol reports their responses with type "Preflight".
 */
export async function observePreflights(page: Page): Promise<ObservedPreflight[]> {
  const seen: ObservedPreflight[] = [];
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Network.responseReceived', (event) => {
    if (event.type !== 'Preflight') return;
    const headers = Object.fromEntries(Object.entries(event.response.headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
    seen.push({ url: event.response.url, status: event.response.status, headers });
  });
  await cdp.send('Network.enable');
  return seen;
}
