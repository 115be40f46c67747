// The one way the dashboard talks to the backend (spec/ui.md §4): same origin, JSON, the login
// token copied into the body as `token`, the {code, data} envelope unwrapped, and every failure
// turned into an ApiError the pages can show. A token the server cannot accept is reported to
// `onExpired` (§9.1.2): 2001 (bad or expired), 1000 "no token" on a call that needed one, and
// 2002 (the daemon has no admin password to check it with: it started before /init and has not
// re-read .env; logging in again is the way on).

export const TOKEN_KEY = 'SRS_TERRAFORM_TOKEN';
export const DEFAULT_TIMEOUT_MS = 30000;

export class ApiError extends Error {
  constructor({ url, status = 0, statusText = '', code = null, message, body = null }) {
    super(message || statusText || 'request failed');
    this.name = 'ApiError';
    this.url = url;
    this.status = status;
    this.statusText = statusText;
    this.code = code;
    this.body = body;
  }

  get tokenExpired() {
    return this.code === 2001;
  }
}

// The stored token object {token, createAt, expireAt}, or null.
export function readToken(storage) {
  try {
    const value = JSON.parse(storage.getItem(TOKEN_KEY) || 'null');
    return value && typeof value.token === 'string' && value.token ? value : null;
  } catch {
    return null;
  }
}

export function storeToken(storage, data) {
  storage.setItem(TOKEN_KEY, JSON.stringify(data));
}

export function clearToken(storage) {
  storage.removeItem(TOKEN_KEY);
}

// The cookie mgmt accepts at /prometheus (only there), so that the Prometheus link of the
// dashboard opens without another login. `token` null clears it.
export const PROMETHEUS_COOKIE = 'srs_cloud_token';
export function prometheusCookie(token, secure) {
  const attributes = `; Path=/prometheus; SameSite=Strict${secure ? '; Secure' : ''}`;
  return token
    ? `${PROMETHEUS_COOKIE}=${encodeURIComponent(token)}${attributes}; Max-Age=31536000`
    : `${PROMETHEUS_COOKIE}=${attributes}; Max-Age=0`;
}

export function isSessionError(error) {
  return error.code === 2001 || error.code === 2002 || (error.code === 1000 && /no token/i.test(error.message));
}

async function parse(response, url) {
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const hasCode = body && typeof body === 'object' && typeof body.code === 'number';
  if (response.ok && (!hasCode || body.code === 0)) return hasCode ? body.data : body;
  throw new ApiError({
    url,
    status: response.status,
    statusText: response.statusText,
    code: hasCode ? body.code : null,
    message: (hasCode && body.data && body.data.message) || text || response.statusText,
    body: hasCode ? body : text,
  });
}

// getToken() -> the token string or null; onExpired(error) after a 2001/no-token answer.
export function createApi({ getToken, onExpired = () => {}, fetchImpl = (...args) => fetch(...args) }) {
  async function send(url, init, { timeout = DEFAULT_TIMEOUT_MS, signal, authenticated }) {
    const signals = [AbortSignal.timeout(timeout)];
    if (signal) signals.push(signal);
    let response;
    try {
      response = await fetchImpl(url, { ...init, signal: AbortSignal.any(signals) });
    } catch (cause) {
      if (signal?.aborted) throw cause; // the caller gave up: not an error to show
      const timedOut = cause?.name === 'TimeoutError';
      throw new ApiError({ url, message: timedOut ? `no answer within ${timeout / 1000}s` : `network error: ${cause?.message || cause}` });
    }
    try {
      return await parse(response, url);
    } catch (error) {
      if (authenticated && error instanceof ApiError && isSessionError(error)) onExpired(error);
      throw error;
    }
  }

  return {
    // POST {token, ...fields}; `auth: false` for the calls that take no login token.
    post(url, fields = {}, { auth = true, ...options } = {}) {
      const token = auth ? getToken() : null;
      const body = JSON.stringify(token ? { token, ...fields } : fields);
      const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body };
      return send(url, init, { ...options, authenticated: auth });
    },
    // GET; `auth: true` sends the login token as "Authorization: Bearer" (mgmt requires it at
    // /prometheus, where no JSON body can carry it).
    get(url, { auth = false, ...options } = {}) {
      const token = auth ? getToken() : null;
      const init = token ? { method: 'GET', headers: { Authorization: `Bearer ${token}` } } : { method: 'GET' };
      return send(url, init, { ...options, authenticated: auth });
    },
  };
}
