// What the browser tests share: the stack's address, API calls made the way the UI makes them,
// Redis through redis-cli, a logged-in page, and one screenshot per page.
import { test as base, expect } from '@playwright/test';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from './stack.js';

export const stack = JSON.parse(process.env.SC_E2E_STACK || 'null');
if (!stack) throw new Error('SC_E2E_STACK is not set: run through npm run e2e (playwright test)');
export const redis = new Redis(stack.redis.port, stack.redis.password);
export const PASSWORD = 'e2e-Passw0rd';
const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results/screenshots');

// POST (or GET) to the stack through the front; returns {status, body}.
export async function call(url, body, method = 'POST') {
  const response = await fetch(`${stack.url}${url}`, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, body: json, text };
}

export async function resetBackend() {
  const response = await fetch(`${stack.control}/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`reset failed: ${await response.text()}`);
}

export async function ensureInitialized() {
  const init = await call('/terraform/v1/mgmt/init', null, 'GET');
  if (!init.body?.data?.init) {
    const done = await call('/terraform/v1/mgmt/init', { password: PASSWORD });
    expect(done.status, done.text).toBe(200);
  }
}

export async function login() {
  await ensureInitialized();
  const answer = await call('/terraform/v1/mgmt/login', { password: PASSWORD });
  expect(answer.status, answer.text).toBe(200);
  return answer.body.data;
}

export async function publishSecret(token) {
  const answer = await call('/terraform/v1/hooks/srs/secret/query', { token });
  expect(answer.status, answer.text).toBe(200);
  return answer.body.data.publish;
}

// An HS256 JWT like the backend's (common/auth/jwt.cpp), with the claims given.
export function signJwt(claims, secret) {
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

// Store the token the way the UI does, on the stack's origin, before the app loads.
export async function seedStorage(page, entries) {
  await page.goto('/tools/player.html');
  await page.evaluate((items) => {
    for (const [key, value] of Object.entries(items)) {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    }
  }, entries);
}

export async function storedToken(page) {
  return page.evaluate(() => window.localStorage.getItem('SRS_TERRAFORM_TOKEN'));
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

// Every request the page sends to the API, to prove that a form stopped one.
export function recordApiCalls(page) {
  const calls = [];
  page.on('request', (request) => {
    if (request.url().includes('/terraform/')) calls.push({ url: new URL(request.url()).pathname, body: request.postData() });
  });
  return calls;
}

export const test = base.extend({
  baseURL: async ({}, use) => use(stack.url), // eslint-disable-line no-empty-pattern
  // A page whose browser holds a fresh login token.
  token: async ({ page }, use) => {
    const data = await login();
    await seedStorage(page, { SRS_TERRAFORM_TOKEN: JSON.stringify(data) });
    await use(data);
  },
});

test.afterEach(async ({}, testInfo) => { // eslint-disable-line no-empty-pattern
  if (testInfo.status !== testInfo.expectedStatus) {
    const logs = await fetch(`${stack.control}/logs`).then((r) => r.text()).catch(() => '');
    await testInfo.attach('backend-logs', { body: logs, contentType: 'text/plain' });
  }
});

export { expect };
