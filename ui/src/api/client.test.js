// The API wrapper: token in the body, envelope unwrapped, typed errors, session end reported.
import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApi, prometheusCookie, readToken, storeToken, clearToken } from './client.js';

function answer(status, body) {
  return Promise.resolve(new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, statusText: status === 200 ? 'OK' : 'Unauthorized' }));
}

describe('createApi', () => {
  it('sends {token, ...fields} as JSON and returns data', async () => {
    const fetchImpl = vi.fn(() => answer(200, { code: 0, data: { publish: 'p' } }));
    const api = createApi({ getToken: () => 'jwt', fetchImpl });
    expect(await api.post('/terraform/v1/hooks/srs/secret/query', { a: 1 })).toEqual({ publish: 'p' });
    const [url, init] = fetchImpl.mock.calls[0];
    expect(url).toBe('/terraform/v1/hooks/srs/secret/query');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body)).toEqual({ token: 'jwt', a: 1 });
    expect(init.headers).toEqual({ 'Content-Type': 'application/json' });
  });

  it('leaves the token out of calls that take none, and when none is stored', async () => {
    const fetchImpl = vi.fn(() => answer(200, { code: 0, data: {} }));
    await createApi({ getToken: () => 'jwt', fetchImpl }).post('/login', { password: 'x' }, { auth: false });
    await createApi({ getToken: () => null, fetchImpl }).post('/q');
    expect(JSON.parse(fetchImpl.mock.calls[0][1].body)).toEqual({ password: 'x' });
    expect(JSON.parse(fetchImpl.mock.calls[1][1].body)).toEqual({});
  });

  it('turns an error envelope into an ApiError with code, status and message', async () => {
    const api = createApi({ getToken: () => null, fetchImpl: () => answer(401, { code: 2000, data: { message: 'invalid password' } }) });
    const error = await api.post('/login', {}, { auth: false }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 2000, status: 401, message: 'invalid password', url: '/login' });
  });

  it('keeps a non-JSON error body as text', async () => {
    const api = createApi({ getToken: () => null, fetchImpl: () => answer(404, 'Not Found') });
    const error = await api.get('/x').catch((e) => e);
    expect(error).toMatchObject({ code: null, status: 404, message: 'Not Found', body: 'Not Found' });
  });

  it('reports 2001, 2002 and "no token" on authenticated calls only', async () => {
    for (const [body, expected] of [
      [{ code: 2001, data: { message: 'token expired' } }, 1],
      [{ code: 2002, data: { message: 'no mgmt password' } }, 1],
      [{ code: 1000, data: { message: 'no token' } }, 1],
      [{ code: 1000, data: { message: 'no secret' } }, 0],
      [{ code: 2000, data: { message: 'invalid password' } }, 0],
    ]) {
      const onExpired = vi.fn();
      const api = createApi({ getToken: () => 'jwt', onExpired, fetchImpl: () => answer(401, body) });
      await api.post('/a').catch(() => {});
      await api.post('/b', {}, { auth: false }).catch(() => {});
      expect(onExpired).toHaveBeenCalledTimes(expected);
    }
  });

  it('a network failure and a timeout are ApiErrors too', async () => {
    const down = createApi({ getToken: () => null, fetchImpl: () => Promise.reject(new TypeError('fetch failed')) });
    expect(await down.get('/x').catch((e) => e.message)).toBe('network error: fetch failed');
    const slow = createApi({ getToken: () => null, fetchImpl: (url, init) => new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason))) });
    expect(await slow.get('/x', { timeout: 20 }).catch((e) => e.message)).toBe('no answer within 0.02s');
  });

  it('a success without the envelope (Prometheus, the engine) is returned whole', async () => {
    const api = createApi({ getToken: () => null, fetchImpl: () => answer(200, { status: 'success', data: { result: [] } }) });
    expect(await api.get('/prometheus/api/v1/query_range')).toEqual({ status: 'success', data: { result: [] } });
  });
});

describe('Prometheus through mgmt (admin token required)', () => {
  it('an authenticated GET sends the token as a bearer header, a plain GET sends none', async () => {
    const seen = [];
    const api = createApi({ getToken: () => 'tok-1', fetchImpl: (url, init) => (seen.push(init.headers || {}), answer(200, { status: 'success' })) });
    await api.get('/prometheus/api/v1/query', { auth: true });
    await api.get('/api/v1/versions');
    expect(seen[0]).toEqual({ Authorization: 'Bearer tok-1' });
    expect(seen[1]).toEqual({});
  });

  it('a refused token on an authenticated GET ends the session', async () => {
    const expired = [];
    const api = createApi({ getToken: () => 'old', onExpired: (e) => expired.push(e.code), fetchImpl: () => answer(401, { code: 2001, data: { message: 'token invalid' } }) });
    await expect(api.get('/prometheus/api/v1/query', { auth: true })).rejects.toThrow('token invalid');
    expect(expired).toEqual([2001]);
  });

  it('the cookie is scoped to /prometheus, strict, and cleared on logout', () => {
    expect(prometheusCookie('a.b.c', false)).toBe('srs_cloud_token=a.b.c; Path=/prometheus; SameSite=Strict; Max-Age=31536000');
    expect(prometheusCookie('a.b.c', true)).toContain('; Secure');
    expect(prometheusCookie(null, false)).toBe('srs_cloud_token=; Path=/prometheus; SameSite=Strict; Max-Age=0');
  });
});

describe('token storage (SRS_TERRAFORM_TOKEN)', () => {
  it('stores the whole data object and reads back only a usable one', () => {
    const map = new Map();
    const storage = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v), removeItem: (k) => map.delete(k) };
    storeToken(storage, { token: 't', createAt: 'a', expireAt: 'b' });
    expect(map.get('SRS_TERRAFORM_TOKEN')).toBe('{"token":"t","createAt":"a","expireAt":"b"}');
    expect(readToken(storage)).toEqual({ token: 't', createAt: 'a', expireAt: 'b' });
    storage.setItem('SRS_TERRAFORM_TOKEN', '{"init":false}'); // what the original stored by mistake
    expect(readToken(storage)).toBeNull();
    clearToken(storage);
    expect(readToken(storage)).toBeNull();
  });
});
