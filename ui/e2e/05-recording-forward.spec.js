// spec/ui.md §10 scenarios 8 and 9, written against the spec's API; each skips, naming the
// missing piece, while its backend is not built.
import { test, expect, call, recordApiCalls, redis, shot, stack } from './support/fixtures.js';

async function hasRoute(url, token) {
  const answer = await call(url, { token });
  return answer.status !== 404;
}

test('enable DVR: the rule is stored, VoD explains why it is blocked, untick restores', async ({ page, token }) => {
  test.skip(!(await hasRoute('/terraform/v1/hooks/dvr/query', token.token)), "needs hooks' /terraform/v1/hooks/dvr/query|apply|files and vod/* routes (hooks DVR/VoD, being written by another helper)");
  try {
    const status = (await call('/terraform/v1/hooks/dvr/query', { token: token.token })).body.data;
    await page.goto('/mgmt/en/routers-scenario?tab=dvr');
    // Without storage ("secret": no cloud keys) the "cloud keys" item is open, else the rule.
    if (!status.secret) {
      await expect(page.getByTestId('dvr-tencent-form')).toBeVisible();
      await page.getByTestId('dvr-item-rule').click();
    }
    await page.getByTestId('dvr-all').check();
    await page.getByTestId('dvr-submit').click();
    await expect(page.getByTestId('toast-success')).toContainText('Recording rule updated');
    expect((await call('/terraform/v1/hooks/dvr/query', { token: token.token })).body.data.all).toBe(true);
    expect(redis.command('HGET', 'SRS_DVR_PATTERNS', 'all')).toBe('true');
    await shot(page, 'scenario-dvr');

    await page.getByRole('tab', { name: 'VoD' }).click();
    await expect(page.getByTestId('vod-blocked')).toContainText('DVR records all streams');
    await expect(page.getByTestId('vod-submit')).toBeDisabled();
    await shot(page, 'scenario-vod');

    await page.getByRole('tab', { name: 'DVR' }).click();
    await page.getByTestId('dvr-item-rule').click();
    await page.getByTestId('dvr-all').uncheck();
    await page.getByTestId('dvr-submit').click();
    await expect(page.getByTestId('toast-success').last()).toContainText('Recording rule updated');
    expect((await call('/terraform/v1/hooks/dvr/query', { token: token.token })).body.data.all).toBe(false);
    await page.getByTestId('dvr-item-list').click();
    await expect(page.getByTestId('dvr-empty')).toBeVisible();
  } finally {
    await call('/terraform/v1/hooks/dvr/apply', { token: token.token, all: false });
  }
});

test('configure a forward target: validated, stored by ffmpeg, listed in the status table', async ({ page, token }) => {
  test.skip(!stack.binaries.ffmpeg, 'needs build/bin/srs-cloud-ffmpeg (the ffmpeg daemon, being written by another helper) for /terraform/v1/ffmpeg/forward/*');
  const calls = recordApiCalls(page);
  try {
    await page.goto('/mgmt/en/routers-scenario?tab=forward');
    await page.getByTestId('forward-item-bilibili').click();
    await page.getByTestId('forward-submit-bilibili').click();
    await expect(page.getByTestId('forward-invalid-bilibili')).toHaveText('Please input the server URL');
    expect(calls.filter((c) => c.url === '/terraform/v1/ffmpeg/forward/secret' && c.body?.includes('update'))).toHaveLength(0);
    await page.getByTestId('forward-server-bilibili').fill('rtmp://127.0.0.1:19350/live/');
    await page.getByTestId('forward-secret-bilibili').fill('e2e-key');
    await page.getByTestId('forward-enabled-bilibili').check();
    await page.getByTestId('forward-submit-bilibili').click();
    await expect(page.getByTestId('toast-success')).toContainText('Forwarding updated');
    const stored = await call('/terraform/v1/ffmpeg/forward/secret', { token: token.token });
    expect(stored.body.data.bilibili).toMatchObject({ platform: 'bilibili', server: 'rtmp://127.0.0.1:19350/live/', secret: 'e2e-key', enabled: true });
    await page.getByTestId('forward-item-status').click();
    await expect(page.getByTestId('forward-row-bilibili')).toBeVisible({ timeout: 12000 });
    await shot(page, 'scenario-forward');
  } finally {
    redis.command('HDEL', 'SRS_FORWARD_CONFIG', 'bilibili');
  }
});
