// spec/ui.md §10 scenarios 6, 7 and 12: stream URLs with the publish secret, copy buttons, QR
// codes, a new secret, deep links; protocols the engine cannot serve shown as unavailable.
import { test, expect, call, publishSecret, recordApiCalls, redis, shot } from './support/fixtures.js';

const clipboard = (page) => page.evaluate(() => navigator.clipboard.readText());

test('copy the RTMP URL and the OBS stream key with the secret; a new stream name follows', async ({ page, token }) => {
  const secret = await publishSecret(token.token);
  expect(secret).toMatch(/^[0-9a-f]{32}$/);
  await page.goto('/mgmt/en/routers-scenario?tab=live');
  await expect(page.getByTestId('obs-key')).toHaveValue(`livestream?secret=${secret}`);
  await page.getByTestId('obs-key-copy').click();
  expect(await clipboard(page)).toBe(`livestream?secret=${secret}`);
  await page.getByTestId('obs-server-copy').click();
  expect(await clipboard(page)).toBe('rtmp://localhost/live/');

  await page.getByRole('button', { name: 'FFmpeg', exact: true }).click();
  await page.getByTestId('rtmp-publish-copy').click();
  await expect(page.getByTestId('rtmp-publish-copy')).toContainText('Copied');
  expect(await clipboard(page)).toBe(`rtmp://localhost/live/livestream?secret=${secret}`);
  await expect(page.getByTestId('rtmp-publish-qr').locator('svg')).toBeVisible();
  await expect(page.getByTestId('ffmpeg-command')).toHaveValue(`ffmpeg -re -i source.flv -c copy -f flv "rtmp://localhost/live/livestream?secret=${secret}"`);
  await shot(page, 'scenario-live');

  await page.getByTestId('stream-random').click();
  await expect(page.getByTestId('toast-success')).toContainText('Stream name changed');
  const name = await page.getByTestId('stream-name').inputValue();
  expect(name).toMatch(/^[a-z]{6}$/);
  await page.getByTestId('rtmp-publish-copy').click();
  expect(await clipboard(page)).toBe(`rtmp://localhost/live/${name}?secret=${secret}`);
  // The name is kept for the next visit (spec/ui.md §9.1.7).
  await page.reload();
  await expect(page.getByTestId('stream-name')).toHaveValue(name);

  // A typed name is validated: an invalid one does not reach the URLs.
  await page.getByTestId('stream-name').fill('bad name!');
  await expect(page.getByText('Letters, digits, _ and - only')).toBeVisible();
  await expect(page.getByTestId('obs-key')).toHaveValue(`${name}?secret=${secret}`);
});

test('protocols the running engine cannot serve are marked unavailable, without links', async ({ page, token }) => {
  expect(token.token).toBeTruthy();
  // This stack has no SRS: /api/v1/versions does not answer (nginx front: 404, mgmt: 503 from
  // the proxy), so FLV, WebRTC and SRT need SRS.
  expect([404, 503]).toContain((await call('/api/v1/versions', null, 'GET')).status);
  await page.goto('/mgmt/en/routers-scenario?tab=live');
  await expect(page.getByTestId('obs-play-flv-unavailable')).toContainText('HTTP-FLV needs the SRS engine');
  await expect(page.getByTestId('obs-play-flv-copy')).toHaveCount(0);
  await expect(page.getByTestId('obs-play-webrtc-unavailable')).toBeVisible();
  await expect(page.getByTestId('obs-play-hls')).toHaveValue(/^http:\/\/localhost:\d+\/live\/livestream\.m3u8$/);
  await expect(page.getByTestId('obs-play-hls-player')).toHaveAttribute('href', /^\/tools\/player\.html\?url=http%3A%2F%2Flocalhost%3A\d+%2Flive%2Flivestream\.m3u8$/);
  await page.getByRole('button', { name: 'WebRTC', exact: true }).click();
  await expect(page.getByTestId('webrtc-unavailable')).toBeVisible();
  await page.getByRole('tab', { name: 'Low Latency' }).click();
  await expect(page).toHaveURL(/\?tab=srt$/);
  await expect(page.getByTestId('srt-unavailable')).toContainText('SRT needs the SRS engine');
  await expect(page.getByTestId('srt-publish-copy')).toHaveCount(0);
});

test('change the secret: validated in the page, stored by hooks, used by every publish URL', async ({ page, token }) => {
  const before = await publishSecret(token.token);
  const calls = recordApiCalls(page);
  try {
    await page.goto('/mgmt/en/routers-settings?tab=auth');
    await expect(page.getByTestId('current-secret')).toHaveValue(before);
    await expect(page.getByTestId('current-secret')).toHaveAttribute('type', 'password');
    await page.getByTestId('current-secret-reveal').click();
    await expect(page.getByTestId('current-secret')).toHaveAttribute('type', 'text');
    await shot(page, 'settings-auth');

    await page.getByTestId('secret-submit').click();
    await expect(page.getByTestId('secret-invalid')).toHaveText('Please input the secret value');
    await page.getByTestId('new-secret').fill('a b');
    await page.getByTestId('secret-submit').click();
    await expect(page.getByTestId('secret-invalid')).toContainText('8 to 64 characters');
    expect(calls.filter((c) => c.url === '/terraform/v1/hooks/srs/secret/update')).toHaveLength(0);

    await page.getByTestId('new-secret').fill('e2eSecret42');
    await page.getByTestId('secret-submit').click();
    await expect(page.getByTestId('toast-success')).toContainText('Secret update ok');
    await expect(page.getByTestId('current-secret')).toHaveValue('e2eSecret42');
    expect(await publishSecret(token.token)).toBe('e2eSecret42');
    expect(redis.command('GET', 'SRS_SECRET_PUBLISH')).toBe('e2eSecret42');

    await page.getByTestId('nav-scenario').click();
    await page.getByRole('tab', { name: 'Streaming', exact: true }).click();
    await expect(page.getByTestId('obs-key')).toHaveValue('livestream?secret=e2eSecret42');
    await page.getByRole('tab', { name: 'Low Latency' }).click();
    await expect(page.getByTestId('srt-publish')).toContainText('r=live/livestream?secret=e2eSecret42,m=publish');
    await expect(page.getByTestId('srt-publish-id')).toHaveText('#!::r=live/livestream?secret=e2eSecret42,m=publish');
  } finally {
    await call('/terraform/v1/hooks/srs/secret/update', { token: token.token, secret: before });
  }
});

test('deep link without a locale gets the stored one and opens the tab it names', async ({ page, token }) => {
  expect(token.token).toBeTruthy();
  await page.evaluate(() => window.localStorage.setItem('SRS_CLOUD_LOCALE', JSON.stringify({ lang: 'en' })));
  await page.goto('/mgmt/routers-scenario?tab=srt');
  await expect(page).toHaveURL(/\/mgmt\/en\/routers-scenario\?tab=srt$/);
  await expect(page.getByRole('tab', { name: 'Low Latency' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('srt-play')).toContainText('srt://localhost:10080?streamid=#!::r=live/livestream,latency=20,m=request');
  await expect(page.getByTestId('srt-port')).toHaveText('10080');
  await shot(page, 'scenario-srt');
  // Back and forward switch the tab after mount (spec/ui.md §9.1.13).
  await page.getByRole('tab', { name: 'Streaming', exact: true }).click();
  await expect(page).toHaveURL(/\?tab=live$/);
  await page.goBack();
  await expect(page.getByRole('tab', { name: 'Low Latency' })).toHaveAttribute('aria-selected', 'true');
});
