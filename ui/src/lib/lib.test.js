// Locale choice, engine abilities, upgrade window, versions, secrets, live-stream rows.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseLocale, withLocale, readStoredLocale, storeLocale } from './locale.js';
import { canServe, engineFromVersions } from './engine.js';
import { durationOf, endOf, isValidWindow, hourLabel } from './upgradeWindow.js';
import { compareVersions } from './version.js';
import { isValidPublishSecret, randomToken } from './secrets.js';
import { formatUptime, streamsFromHooks, streamsFromSrs } from './streams.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/srs5-api');
const fixture = (name) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));

function memoryStorage() {
  const data = new Map();
  return { getItem: (k) => (data.has(k) ? data.get(k) : null), setItem: (k, v) => data.set(k, String(v)) };
}

describe('locale (spec/ui.md §7.2, §9.2)', () => {
  it('stored choice, then the browser language, then the deployment default, then zh', () => {
    expect(chooseLocale({ stored: 'en', browser: 'zh-CN', deployment: 'zh' })).toBe('en');
    expect(chooseLocale({ stored: null, browser: 'en-US', deployment: 'zh' })).toBe('en');
    expect(chooseLocale({ stored: null, browser: 'fr-FR', deployment: 'en' })).toBe('en');
    expect(chooseLocale({ stored: 'xx', browser: undefined, deployment: null })).toBe('zh');
  });
  it('replaces the first path segment, not a substring', () => {
    expect(withLocale('/zh/routers-settings', 'en')).toBe('/en/routers-settings');
    expect(withLocale('/en/routers-zh', 'zh')).toBe('/zh/routers-zh');
    expect(withLocale('/routers-login', 'en')).toBe('/en/routers-login');
  });
  it('stores {"lang":…} under SRS_CLOUD_LOCALE and survives garbage', () => {
    const storage = memoryStorage();
    storeLocale(storage, 'en');
    expect(storage.getItem('SRS_CLOUD_LOCALE')).toBe('{"lang":"en"}');
    expect(readStoredLocale(storage)).toBe('en');
    storage.setItem('SRS_CLOUD_LOCALE', '{not json');
    expect(readStoredLocale(storage)).toBeNull();
  });
});

describe('engine', () => {
  it('SRS when its versions API answers; otherwise RTMP and HLS only', () => {
    const srs = engineFromVersions(fixture('versions.json'));
    expect(srs).toEqual({ kind: 'srs', version: '5.0.213', major: 5 });
    for (const p of ['rtmp', 'hls', 'flv', 'webrtc', 'srt']) expect(canServe(srs, p)).toBe(true);
    const other = engineFromVersions(null);
    expect(['rtmp', 'hls'].every((p) => canServe(other, p))).toBe(true);
    expect(['flv', 'webrtc', 'srt'].some((p) => canServe(other, p))).toBe(false);
  });
  it('does not call anything unavailable before the engine answered', () => {
    expect(canServe(null, 'srt')).toBe(true);
  });
});

describe('upgrade window (spec/ui.md §9.1.11)', () => {
  it('end = (start + duration) % 24, also for start 0', () => {
    expect(endOf(23, 6)).toBe(5);
    expect(endOf(0, 6)).toBe(6);
    expect(endOf('10', '4')).toBe(14);
  });
  it('duration wraps midnight and must exceed 3 h', () => {
    expect(durationOf(23, 5)).toBe(6);
    expect(durationOf(10, 12)).toBe(2);
    expect(durationOf(5, 5)).toBe(24);
    expect(isValidWindow(10, 12)).toBe(false);
    expect(isValidWindow(10, 13)).toBe(false);
    expect(isValidWindow(10, 14)).toBe(true);
    expect(hourLabel(5)).toBe('05:00');
  });
});

describe('versions and secrets', () => {
  it('compares release versions', () => {
    expect(compareVersions('v1.2.3', '1.2.10')).toBe(-1);
    expect(compareVersions('2.0.0', 'v1.9.9')).toBe(1);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
    expect(compareVersions('dev', '1.0.0')).toBeNull();
  });
  it('random tokens use the whole alphabet without bias and have the length asked', () => {
    const token = randomToken(1000);
    expect(token).toMatch(/^[A-Za-z0-9]{1000}$/);
    // With 3 letters, byte 255 (>= 256 - 256 % 3) is dropped rather than folded onto 'a'.
    expect(randomToken(2, 'abc', () => [255, 1, 0, 255])).toBe('ba');
  });
  it('publish secrets follow hooks rules', () => {
    expect(isValidPublishSecret('e2eSecret42')).toBe(true);
    expect(isValidPublishSecret('short')).toBe(false);
    expect(isValidPublishSecret('has space!')).toBe(false);
    expect(isValidPublishSecret('a'.repeat(65))).toBe(false);
  });
});

describe('live streams', () => {
  it('from the SRS API: protocol from the publisher, viewers without it, publish time from its age', () => {
    const now = 1_800_000_000_000;
    const rows = streamsFromSrs(fixture('streams-live.json'), fixture('clients-live.json'), now);
    expect(rows).toEqual([
      { key: 'vid-og1342y', app: 'live', stream: 'livestream', protocol: 'rtmp', publishedAt: now - 25400, viewers: 2, video: 'H264 320x240', kbps: 0 },
    ]);
    const srt = streamsFromSrs(fixture('streams-live-srt.json'), fixture('clients-live-srt.json'), now);
    expect(srt[0]).toMatchObject({ stream: 'srt1', protocol: 'srt', viewers: 0 });
    expect(streamsFromSrs(fixture('streams-idle.json'), fixture('clients-idle.json'), now)).toEqual([]);
  });
  it('from the hooks route designed for it', () => {
    expect(streamsFromHooks({ streams: [{ vhost: '__defaultVhost__', app: 'live', stream: 's', protocol: 'srt', publishedAt: '2026-01-01T00:00:00Z', viewers: 3 }] })).toEqual([
      { key: '__defaultVhost__/live/s', app: 'live', stream: 's', protocol: 'srt', publishedAt: Date.parse('2026-01-01T00:00:00Z'), viewers: 3, video: '', kbps: null },
    ]);
  });
  it('uptime reads like a clock', () => {
    expect(formatUptime(12_000)).toBe('12s');
    expect(formatUptime(187_000)).toBe('3m 07s');
    expect(formatUptime(3_720_000)).toBe('1h 02m');
  });
});
