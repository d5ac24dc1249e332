import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { loadRememberedSession, rememberedSessionPath, saveRememberedSession } from '../../src/main/server/remembered-session';
import { startWebServer, type WebServer } from '../../src/main/server/web-server';
import { callApi, pageHeaders, raw, signIn } from './http';

describe('web mode sessions across restarts', () => {
  let root: string;
  let libraryDir: string;
  let staticDir: string;
  let engine: FacetEngine;
  const servers: WebServer[] = [];

  const start = async (options: { port?: number; token?: string; remembered?: boolean } = {}) => {
    const server = await startWebServer({ engine, staticDir, ...options });
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'facet-session-'));
    libraryDir = path.join(root, 'library');
    staticDir = path.join(root, 'renderer');
    await mkdir(staticDir);
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Facet app</title>');
    engine = await openEngine({ libraryDir, watch: false, threads: 1, facePackDir: null });
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    await engine?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('remembers one secret in the library folder, readable by its owner only, and reuses it', async () => {
    const first = await loadRememberedSession(libraryDir);
    expect(first).toMatchObject({ created: true, notice: null, session: { port: null } });
    await saveRememberedSession(libraryDir, { token: first.session.token, port: 43210 });
    const file = rememberedSessionPath(libraryDir);
    expect(path.dirname(file)).toBe(libraryDir);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toContain(first.session.token);

    const again = await loadRememberedSession(libraryDir);
    expect(again).toEqual({ created: false, notice: null, session: { token: first.session.token, port: 43210 } });
    const reset = await loadRememberedSession(libraryDir, { reset: true });
    expect(reset.created).toBe(true);
    expect(reset.session.token).not.toBe(first.session.token);
  });

  it.skipIf(process.platform === 'win32')('treats a secret others could read as leaked, and a damaged file as absent', async () => {
    const { session } = await loadRememberedSession(libraryDir);
    await saveRememberedSession(libraryDir, session);
    await chmod(rememberedSessionPath(libraryDir), 0o644);
    const leaked = await loadRememberedSession(libraryDir);
    expect(leaked.created).toBe(true);
    expect(leaked.session.token).not.toBe(session.token);
    expect(leaked.notice).toMatch(/readable by other users \(mode 644\)/);

    await writeFile(rememberedSessionPath(libraryDir), '{"version":1,"token":"short","port":1}', { mode: 0o600 });
    await chmod(rememberedSessionPath(libraryDir), 0o600);
    const damaged = await loadRememberedSession(libraryDir);
    expect(damaged.created).toBe(true);
    expect(damaged.notice).toMatch(/could not be read/);
  });

  it('a remembered session survives a restart on the same port: the old cookie and the old link still open the app', async () => {
    const { session } = await loadRememberedSession(libraryDir, { reset: true });
    const before = await start({ token: session.token, remembered: true });
    const { cookie, setCookie } = await signIn(before.url);
    // Persistent, so a bookmark opens the app after the browser restarts too; still HttpOnly and Strict.
    expect(setCookie).toMatch(/Max-Age=\d{7,}/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect((await callApi(before.origin, cookie, 'getStatus', {})).status).toBe(200);
    await before.close();

    const after = await start({ token: session.token, remembered: true, port: before.port });
    expect(after.origin).toBe(before.origin);
    expect(after.url).toBe(before.url);
    expect((await raw(after.origin, '/', { headers: { ...pageHeaders, cookie } })).body.toString()).toContain('Facet app');
    expect((await callApi(after.origin, cookie, 'getStatus', {})).status).toBe(200);
    expect((await signIn(before.url)).cookie).toBe(cookie);
    // The guards are unchanged: a foreign Origin or Host is refused even with the remembered cookie.
    expect(
      (
        await raw(after.origin, '/api/call/getStatus', {
          method: 'POST',
          headers: { cookie, origin: 'http://evil.example', 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(403);
    expect((await raw(after.origin, '/', { headers: { cookie, host: 'evil.example' } })).status).toBe(403);
    await after.close();
  });

  it('a per-launch session ends with the launch: a stale bookmark gets a page saying what to open, not a bare 401', async () => {
    const before = await start();
    const { cookie, setCookie } = await signIn(before.url);
    expect(setCookie).not.toMatch(/Max-Age/);
    await before.close();

    const after = await start({ port: before.port });
    expect(after.url).not.toBe(before.url);
    for (const attempt of [
      { path: '/', cookie },
      { path: new URL(before.url).pathname + new URL(before.url).search, cookie: '' },
    ]) {
      const page = await raw(after.origin, attempt.path, { headers: { ...pageHeaders, ...(attempt.cookie ? { cookie: attempt.cookie } : {}) } });
      expect(page.status).toBe(401);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['set-cookie']).toBeUndefined();
      const html = page.body.toString();
      expect(html).toContain('This Facet link is out of date');
      expect(html).toContain('Open the address that <code>facet serve</code> printed');
      expect(html).toContain('facet serve --remember');
      expect(html).not.toContain('Facet app');
      // No secret on the page, old or new, and nothing that the CSP would block.
      expect(html).not.toContain(new URL(after.url).searchParams.get('token'));
      expect(html).not.toMatch(/<script|style=/);
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    }
    const fresh = await raw(after.origin, '/', { headers: pageHeaders });
    expect(fresh.status).toBe(401);
    expect(fresh.body.toString()).toContain('Open Facet with the link');

    // The app's own requests still get a short answer, and none of them is let in.
    const api = await raw(after.origin, '/api/call/getStatus', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(api.status).toBe(401);
    expect(api.headers['content-type']).toMatch(/^text\/plain/);
    expect((await raw(after.origin, '/api/events', { headers: { cookie, accept: 'text/event-stream' } })).status).toBe(401);
    expect((await raw(after.origin, '/media/thumb/1', { headers: { cookie, accept: 'image/webp,*/*' } })).status).toBe(401);
    await after.close();
  });
});
