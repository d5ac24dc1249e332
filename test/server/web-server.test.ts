import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { startWebServer, type WebServer } from '../../src/main/server/web-server';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function raw(server: WebServer, urlPath: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: urlPath, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('web mode server', () => {
  let root: string;
  let photos: string;
  let engine: FacetEngine;
  let server: WebServer;
  let cookie = '';

  const api = (method: string, input: unknown, headers: Record<string, string> = {}) =>
    raw(server, `/api/call/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...headers },
      body: JSON.stringify(input),
    });

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'facet-server-'));
    photos = path.join(root, 'photos');
    await mkdir(photos);
    for (const [i, colour] of ['#c04020', '#2040c0'].entries()) {
      await sharp({ create: { width: 640, height: 480, channels: 3, background: colour } })
        .jpeg()
        .toFile(path.join(photos, `p${i}.jpg`));
    }
    const staticDir = path.join(root, 'renderer');
    await mkdir(staticDir);
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Facet</title>');
    await writeFile(path.join(root, 'secret.txt'), 'outside the renderer');
    engine = await openEngine({ libraryDir: path.join(root, 'library'), watch: false, threads: 1 });
    server = await startWebServer({ engine, staticDir });
  });

  afterAll(async () => {
    await server?.close();
    await engine?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('binds loopback only and prints a launch URL with a token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/);
  });

  it('refuses everything without the launch token, then trades the token for an HttpOnly cookie', async () => {
    expect((await raw(server, '/')).status).toBe(401);
    expect((await raw(server, '/?token=wrong')).status).toBe(401);
    expect((await api('getStatus', {})).status).toBe(401);

    const launch = await raw(server, new URL(server.url).pathname + new URL(server.url).search);
    expect(launch.status).toBe(303);
    const setCookie = String(launch.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    cookie = setCookie.split(';')[0]!;

    const page = await raw(server, '/', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('refuses foreign hosts and origins (DNS rebinding, cross-site requests)', async () => {
    expect((await raw(server, '/', { headers: { cookie, host: 'evil.example:80' } })).status).toBe(403);
    expect((await api('getStatus', {}, { origin: 'http://evil.example' })).status).toBe(403);
  });

  it('validates every input against the contract', async () => {
    const bad = await api('listPhotos', { offset: -1, limit: 10 });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString())).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.parse(bad.body.toString()).error.message).toContain('offset');
    expect((await api('dropTables', {})).status).toBe(400);
    const extra = await api('getStatus', { sql: 'drop table photos' });
    expect(extra.status).toBe(400);
    const missing = await api('addFolderSource', { path: path.join(root, 'no-such-folder') });
    expect(JSON.parse(missing.body.toString()).error.message).toContain('no-such-folder');
  });

  it('serves the renderer but nothing outside it', async () => {
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2f%2e%2e%2fetc/passwd']) {
      const response = await raw(server, attempt, { headers: { cookie } });
      expect(response.body.toString()).not.toContain('outside the renderer');
      expect(response.status).not.toBe(200);
    }
  });

  it('indexes through the API and serves media only for photos the catalog knows', async () => {
    const added = await api('addFolderSource', { path: photos });
    expect(added.status).toBe(200);
    await engine.indexAll();
    const page = JSON.parse((await api('listPhotos', { offset: 0, limit: 10 })).body.toString());
    expect(page.value.total).toBe(2);
    const photoId = page.value.items[0].id as number;

    const thumb = await raw(server, `/media/thumb/${photoId}`, { headers: { cookie } });
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect((await sharp(thumb.body).metadata()).format).toBe('webp');

    expect((await raw(server, `/media/thumb/${photoId}`)).status).toBe(401);
    expect((await raw(server, '/media/original/999999', { headers: { cookie } })).status).toBe(404);
    expect((await raw(server, '/media/secret/1', { headers: { cookie } })).status).toBe(400);
    expect((await raw(server, '/media/original/..%2f..%2fsecret.txt', { headers: { cookie } })).status).not.toBe(200);
  });

  it('streams progress events to the browser', async () => {
    const { hostname, port } = new URL(server.origin);
    const received = await new Promise<string>((resolve, reject) => {
      const req = request({ hostname, port, path: '/api/events', headers: { cookie } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('data: ')) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on('error', reject);
      req.end();
      setTimeout(() => void api('rescanSource', { sourceId: 1 }).catch(reject), 200);
      setTimeout(() => reject(new Error('no event within 20 s')), 20_000);
    });
    expect(received).toMatch(/data: \{"type":"(changed|index-progress)"/);
  });
});
