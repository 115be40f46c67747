// spec/ui.md §10 scenario 1: first-run setup on a fresh backend.
import { test, expect, call, resetBackend, shot, recordApiCalls, PASSWORD } from './support/fixtures.js';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await resetBackend();
});

test('first-run setup: the form, its validation, then the admin password is set and the app logs in', async ({ page }) => {
  const calls = recordApiCalls(page);
  await page.goto('/mgmt/');
  await expect(page).toHaveURL(/\/mgmt\/en\/routers-login$/); // navigator.language en-US
  const password = page.getByTestId('setup-password');
  await expect(password).toBeVisible();
  await expect(page.getByTestId('nav-items').getByRole('link')).toHaveCount(0);
  const suggested = await password.inputValue();
  expect(suggested).toMatch(/^[A-Za-z0-9]{16}$/);
  await shot(page, 'setup');

  // Port extra: an empty or short password is refused in the form, without a request.
  await password.fill('');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('setup-invalid')).toHaveText('The password needs at least 8 characters');
  await password.fill('short');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('setup-invalid')).toBeVisible();
  expect(calls.filter((c) => c.url === '/terraform/v1/mgmt/init' && c.body)).toHaveLength(0);
  expect((await call('/terraform/v1/mgmt/init', null, 'GET')).body.data.init).toBe(false);

  await password.fill(PASSWORD);
  await page.getByTestId('setup-submit').click();
  await expect(page).toHaveURL(/\/mgmt\/en\/routers-scenario$/);
  const stored = JSON.parse(await page.evaluate(() => window.localStorage.getItem('SRS_TERRAFORM_TOKEN')));
  expect(Object.keys(stored).sort()).toEqual(['createAt', 'expireAt', 'token']);
  expect(stored.createAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  expect((await call('/terraform/v1/mgmt/init', null, 'GET')).body.data.init).toBe(true);
  expect((await call('/terraform/v1/mgmt/token', { token: stored.token })).status).toBe(200);
  expect((await call('/terraform/v1/mgmt/login', { password: PASSWORD })).status).toBe(200);

  await page.goto('/mgmt/');
  await expect(page).toHaveURL(/\/mgmt\/en\/routers-scenario$/);
  await expect(page.getByTestId('setup-page')).toHaveCount(0);
});

test('once initialised, Setup is gone and the backend refuses a second password', async ({ page }) => {
  await page.goto('/mgmt/zh/routers-setup');
  await expect(page.getByTestId('login-page')).toBeVisible(); // initialised now: Login, not Setup
  const again = await call('/terraform/v1/mgmt/init', { password: 'another-password' });
  expect(again.status).toBe(422);
  expect(again.body.data.message).toBe('already initialized');
});
