// The URL templates of spec/ui.md §6.1 with the §9.1.6 fixes.
import { describe, expect, it } from 'vitest';
import * as u from './urls.js';

const http80 = u.siteOf({ protocol: 'http:', hostname: 'example.com', port: '' });
const http2022 = u.siteOf({ protocol: 'http:', hostname: '10.0.0.5', port: '2022' });
const https443 = u.siteOf({ protocol: 'https:', hostname: 'example.com', port: '' });
const https8443 = u.siteOf({ protocol: 'https:', hostname: 'example.com', port: '8443' });

describe('siteOf', () => {
  it('takes the default port of the scheme when the URL has none', () => {
    expect(http80).toEqual({ scheme: 'http', host: 'example.com', port: 80, hostport: 'example.com' });
    expect(https443).toEqual({ scheme: 'https', host: 'example.com', port: 443, hostport: 'example.com' });
  });
  it('keeps a non-default port in hostport', () => {
    expect(http2022.hostport).toBe('10.0.0.5:2022');
    expect(u.siteOf({ protocol: 'http:', hostname: 'h', port: '443' }).hostport).toBe('h:443');
  });
  it('brackets an IPv6 host', () => {
    expect(u.siteOf({ protocol: 'http:', hostname: '::1', port: '8080' }).hostport).toBe('[::1]:8080');
  });
});

describe('RTMP', () => {
  it('server, key and publish URL carry the secret only in the key', () => {
    expect(u.rtmpServer(http2022)).toBe('rtmp://10.0.0.5/live/');
    expect(u.streamKey('livestream', 's3cret')).toBe('livestream?secret=s3cret');
    expect(u.rtmpPublishUrl(http80, 'livestream', 's3cret')).toBe('rtmp://example.com/live/livestream?secret=s3cret');
    expect(u.rtmpPlayUrl(http80, 'livestream')).toBe('rtmp://example.com/live/livestream');
  });
  it('shows just the name until the secret is known', () => {
    expect(u.streamKey('livestream', null)).toBe('livestream');
    expect(u.streamKey('livestream', '')).toBe('livestream');
    expect(u.rtmpPublishUrl(http80, 'x', undefined)).toBe('rtmp://example.com/live/x');
  });
  it('encodes a secret that would break the query', () => {
    expect(u.streamKey('s', 'a&b=c')).toBe('s?secret=a%26b%3Dc');
  });
  it('quotes the URL in the FFmpeg command', () => {
    expect(u.ffmpegCommand(http80, 'livestream', 'k')).toBe('ffmpeg -re -i source.flv -c copy -f flv "rtmp://example.com/live/livestream?secret=k"');
  });
});

describe('HTTP-FLV, HLS, WebRTC', () => {
  it('follow the page scheme and keep a non-default port', () => {
    expect(u.flvUrl(http80, 'livestream')).toBe('http://example.com/live/livestream.flv');
    expect(u.hlsUrl(http2022, 'livestream')).toBe('http://10.0.0.5:2022/live/livestream.m3u8');
    expect(u.flvUrl(https8443, 's')).toBe('https://example.com:8443/live/s.flv');
  });
  it('use the default port of another scheme when asked for it', () => {
    expect(u.flvUrl(http2022, 's', 'https')).toBe('https://10.0.0.5/live/s.flv');
  });
  it('never carry the secret in play URLs', () => {
    for (const url of [u.flvUrl(http80, 's'), u.hlsUrl(http80, 's'), u.webrtcUrl(http80, 's'), u.whepUrl(http80, 's'), u.srtPlayUrl(http80, 's')]) {
      expect(url).not.toContain('secret');
    }
  });
  it('WHEP and WHIP endpoints go through the web port', () => {
    expect(u.whepUrl(http2022, 'livestream')).toBe('http://10.0.0.5:2022/rtc/v1/whep/?app=live&stream=livestream');
    expect(u.whipUrl(https443, 'livestream', 'k')).toBe('https://example.com/rtc/v1/whip/?app=live&stream=livestream&secret=k');
    expect(u.webrtcUrl(http2022, 's')).toBe('webrtc://10.0.0.5:2022/live/s');
  });
  it('player links encode the played URL', () => {
    expect(u.playerPage('http://h:2022/live/s.flv?x=1&y=2')).toBe('/tools/player.html?url=http%3A%2F%2Fh%3A2022%2Flive%2Fs.flv%3Fx%3D1%26y%3D2');
  });
  it('the WebRTC publisher is https on 443 from a plain-http page, the page port on https', () => {
    expect(u.rtcPublisherPage(http2022, 'livestream', 'k')).toBe('/players/rtc_publisher.html?schema=https&port=443&api=443&autostart=true&stream=livestream&secret=k');
    expect(u.rtcPublisherPage(https8443, 'livestream', 'k')).toBe('/players/rtc_publisher.html?schema=https&port=8443&api=8443&autostart=true&stream=livestream&secret=k');
  });
  it('the console page depends on the language', () => {
    expect(u.consolePage(http2022, 'zh')).toBe('/console/ng_index.html#/summaries?port=2022&http=2022');
    expect(u.consolePage(http80, 'en')).toBe('/console/en_index.html#/summaries?port=80&http=80');
  });
});

describe('SRT', () => {
  it('puts the secret inside the r= resource of the publish stream id', () => {
    expect(u.srtPublishUrl(http2022, 'livestream', 'e2eSecret42')).toBe('srt://10.0.0.5:10080?streamid=#!::r=live/livestream?secret=e2eSecret42,m=publish');
    expect(u.srtPublishStreamId('livestream', 'k')).toBe('#!::r=live/livestream?secret=k,m=publish');
  });
  it('plays with latency 20 and no secret', () => {
    expect(u.srtPlayUrl(http80, 'livestream')).toBe('srt://example.com:10080?streamid=#!::r=live/livestream,latency=20,m=request');
    expect(u.srtPlayStreamId('s')).toBe('#!::r=live/s,latency=20,m=request');
  });
  it('quotes ffplay commands per shell', () => {
    expect(u.ffplayCommand(http80, 's', true)).toBe('ffplay -fflags nobuffer -flags low_delay -i "srt://example.com:10080?streamid=#!::r=live/s,latency=20,m=request"');
    expect(u.ffplayCommand(http80, 's', false)).toBe("ffplay -fflags nobuffer -flags low_delay -i 'srt://example.com:10080?streamid=#!::r=live/s,latency=20,m=request'");
  });
});

describe('recording playlists (spec/ui.md §6.4)', () => {
  it('in progress: served by hooks through the page origin', () => {
    expect(u.recordingPlaylist(http2022, 'dvr', { progress: true, uuid: 'u-1' })).toBe('http://10.0.0.5:2022/terraform/v1/hooks/dvr/hls/u-1.m3u8');
    expect(u.recordingPlaylist(https443, 'vod', { progress: true, uuid: 'u-2' })).toBe('https://example.com/terraform/v1/hooks/vod/hls/u-2.m3u8');
  });
  it('finished DVR: the COS object; finished VoD: its media URL', () => {
    expect(u.recordingPlaylist(http80, 'dvr', { progress: false, uuid: 'u', bucket: 'srs-lighthouse-1', region: 'ap-beijing' })).toBe('https://srs-lighthouse-1.cos.ap-beijing.myqcloud.com/u/index.m3u8');
    expect(u.recordingPlaylist(http80, 'vod', { progress: false, uuid: 'u', media: 'https://vod.example/a/b.m3u8' })).toBe('https://vod.example/a/b.m3u8');
  });
});

describe('stream names', () => {
  it('accepts URL-safe names only', () => {
    for (const good of ['livestream', 'a-b_c', 'ABC123']) expect(u.isValidStreamName(good)).toBe(true);
    for (const bad of ['', 'a b', 'a/b', 'a?b', 'x'.repeat(65), '流']) expect(u.isValidStreamName(bad)).toBe(false);
  });
  it('random names are six lowercase letters', () => {
    expect(u.randomStreamName()).toMatch(/^[a-z]{6}$/);
    expect(u.randomStreamName(() => [0, 25, 26, 51, 255, 1])).toBe('azazvb');
  });
});
