import http from 'node:http';
import { it, expect } from '@jest/globals';
import { startOpenViduDouble } from '../../support/doubles/openvidu-double.js';
import { createDoubleServer, sendJson } from '../../support/doubles/double-server.js';

function raw(url: string, method = 'GET', headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let b = ''; res.on('data', (c) => (b += c)); res.on('end', () => resolve(`${res.statusCode} ${JSON.stringify(res.rawHeaders)} [${b}]`));
    });
    req.on('error', reject); req.end();
  });
}
it('probe', async () => {
  const ov = await startOpenViduDouble({ secret: 's' });
  ov.addSession('x');
  const a = 'Basic ' + Buffer.from('OPENVIDUAPP:s').toString('base64');
  console.log(await raw(`${ov.url}/openvidu/api/sessions`, 'POST', { authorization: a, 'content-type': 'application/json', 'content-length': '20' }).catch(e => String(e)));
  console.log(await raw(`${ov.url}/openvidu/api/sessions/nope`, 'GET', { authorization: a }));
  console.log(await raw(`${ov.url}/openvidu/api/sessions/x`, 'DELETE', { authorization: a }));
  console.log(await raw(`${ov.url}/openvidu/api/sessions`, 'GET'));
  await ov.close();
  const d = await createDoubleServer((_r, res) => sendJson(res, 200, {}));
  d.inject({ kind: 'huge', bytes: 200_000_000, chunked: true });
  const before = process.memoryUsage().rss;
  const ac = new AbortController();
  const res = await fetch(d.url, { signal: ac.signal });
  console.log(res.headers.get('content-length'), res.headers.get('transfer-encoding'));
  const reader = res.body!.getReader(); let n = 0;
  while (n < 5_000_000) { const r = await reader.read(); n += r.value!.length; }
  ac.abort();
  await new Promise((r) => setTimeout(r, 100));
  console.log('read', n, 'open', d.openConnectionCount, 'rss delta MB', (process.memoryUsage().rss - before) / 1e6);
  d.inject({ kind: 'hang' });
  const p = fetch(d.url).catch((e) => e);
  await new Promise((r) => setTimeout(r, 50));
  const t = Date.now(); await d.close(); console.log('close ms', Date.now() - t, String(await p), (await p).cause?.code);
  expect(1).toBe(1);
});
