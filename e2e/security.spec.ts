import { request as playwrightRequest } from '@playwright/test';
import { expect, test } from './fixtures';

test('requests without the session cookie or from a foreign origin are refused', async ({ indexedLibrary }) => {
  const { server } = indexedLibrary;
  const [photo] = (await server.call('listPhotos', { offset: 0, limit: 1 })).items;
  const anonymous = await playwrightRequest.newContext({ baseURL: server.origin });
  try {
    expect((await anonymous.get('/')).status()).toBe(401);
    expect((await anonymous.post('/api/call/getStatus', { data: {} })).status()).toBe(401);
    expect((await anonymous.get('/api/events')).status()).toBe(401);
    expect((await anonymous.get(`/media/thumb/${photo!.id}`)).status()).toBe(401);
    expect((await anonymous.get(`/media/original/${photo!.id}`)).status()).toBe(401);
    expect((await anonymous.get('/?token=not-the-token')).status()).toBe(401);
    const forged = { cookie: 'facet_session=not-the-token' };
    expect((await anonymous.post('/api/call/getStatus', { data: {}, headers: forged })).status()).toBe(401);

    const withCookie = { cookie: server.cookie };
    const foreign = { ...withCookie, origin: 'http://evil.example' };
    expect((await anonymous.post('/api/call/getStatus', { data: {}, headers: foreign })).status()).toBe(403);
    // The same cookie from our own origin is accepted, so the refusals above are about the origin.
    expect((await anonymous.post('/api/call/getStatus', { data: {}, headers: withCookie })).status()).toBe(200);
  } finally {
    await anonymous.dispose();
  }
});

test('media is served only for photos in the catalog', async ({ indexedLibrary }) => {
  const { server } = indexedLibrary;
  const [photo] = (await server.call('listPhotos', { offset: 0, limit: 1 })).items;
  const api = await playwrightRequest.newContext({ baseURL: server.origin, extraHTTPHeaders: { cookie: server.cookie } });
  try {
    expect((await api.get(`/media/original/${photo!.id}`)).status()).toBe(200);
    expect((await api.get('/media/thumb/987654321')).status()).toBe(404);
    expect((await api.get('/media/original/987654321')).status()).toBe(404);
    // Paths are never taken from the URL: traversal attempts do not reach the file system.
    expect((await api.get('/media/original/..%2F..%2F..%2Fetc%2Fpasswd')).status()).toBe(404);
    expect((await api.get('/media/original/%2Fetc%2Fpasswd')).status()).toBe(404);
    expect((await api.get('/..%2F..%2F..%2F..%2Fetc%2Fpasswd')).status()).toBe(404);
  } finally {
    await api.dispose();
  }
});
