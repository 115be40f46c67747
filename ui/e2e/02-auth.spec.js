// spec/ui.md §10 scenarios 2-5: login, wrong password, logout, token expiry.
import { test, expect, call, login, ensureInitialized, seedStorage, storedToken, signJwt, shot, PASSWORD } from './support/fixtures.js';

test.beforeAll(ensureInitialized);

test('login: the form on any page, Enter submits, the scenario page and the full navbar follow', async ({ page }) => {
  await page.goto('/mgmt/zh/routers-dashboard');
  const password = page.getByTestId('login-password');
  await expect(password).toBeFocused();
  await expect(page.getByTestId('nav-items').getByRole('link')).toHaveText(['登录']);
  await shot(page, 'login');
  await password.fill(PASSWORD);
  await password.press('Enter');
  await expect(page).toHaveURL(/\/mgmt\/zh\/routers-scenario$/);
  await expect(page.getByTestId('nav-items').getByRole('link')).toHaveText(['仪表盘', '应用场景', '系统配置', '组件管理', '专享群', '退出']);
  const token = JSON.parse(await storedToken(page)).token;
  expect((await call('/terraform/v1/mgmt/token', { token })).status).toBe(200);
});

test('wrong password: code 2000 in the page, no token, the form stays and a second try works', async ({ page }) => {
  await page.goto('/mgmt/en/routers-login');
  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('error-code')).toHaveText('Code: 2000');
  await expect(page.getByTestId('error-message')).toHaveText('Message: invalid password');
  expect(await storedToken(page)).toBeNull();
  await shot(page, 'login-wrong-password');
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/mgmt\/en\/routers-scenario$/);
  expect(JSON.parse(await storedToken(page)).token).toBeTruthy();
});

test('show password toggles the field type and keeps the value', async ({ page }) => {
  await page.goto('/mgmt/en/routers-login');
  const password = page.getByTestId('login-password');
  await password.fill('abc');
  await expect(password).toHaveAttribute('type', 'password');
  await page.getByLabel('Show Password').check();
  await expect(password).toHaveAttribute('type', 'text');
  await expect(password).toHaveValue('abc');
});

test('logout: the token is forgotten and every page asks for login again', async ({ page, token }) => {
  expect(token.token).toBeTruthy();
  await page.goto('/mgmt/en/routers-scenario');
  await page.getByTestId('nav-logout').click();
  await expect(page).toHaveURL(/\/mgmt\/en\/routers-login$/);
  expect(await storedToken(page)).toBeNull();
  await expect(page.getByTestId('nav-items').getByRole('link')).toHaveText(['Login']);
  await page.goto('/mgmt/zh/routers-settings');
  await expect(page.getByTestId('login-page')).toBeVisible();
});

for (const [name, makeToken] of [
  ['a garbage token', async () => 'garbage.not-a.jwt'],
  [
    'a token signed with the API secret that has expired',
    async () => {
      const { token } = await login();
      const secret = (await call('/terraform/v1/mgmt/secret/query', { token })).body.data;
      const now = Math.floor(Date.now() / 1000);
      return signJwt({ v: 1, t: '2020-01-01 00:00:00', d: 'P1Y', n: 'e2e', iat: now - 7200, exp: now - 3600 }, secret);
    },
  ],
]) {
  test(`token expiry with ${name}: back to login with a notice, then back to the page`, async ({ page }) => {
    const token = await makeToken();
    const rejected = await call('/terraform/v1/mgmt/token', { token });
    expect(rejected.body.code).toBe(2001);
    await seedStorage(page, { SRS_TERRAFORM_TOKEN: JSON.stringify({ token, createAt: '2020-01-01 00:00:00', expireAt: '2021-01-01 00:00:00' }) });
    await page.goto('/mgmt/en/routers-scenario?tab=srt');
    await expect(page.getByTestId('login-expired')).toHaveText('Token expired, please login again.');
    await expect(page).toHaveURL(/\/mgmt\/en\/routers-login\?expired=1&next=/);
    expect(await storedToken(page)).toBeNull();
    await shot(page, 'login-expired');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await expect(page).toHaveURL(/\/mgmt\/en\/routers-scenario\?tab=srt$/);
    await expect(page.getByRole('tab', { name: 'Low Latency' })).toHaveAttribute('aria-selected', 'true');
  });
}
