import { describe, expect, it } from 'vitest';
import { playerKind, webrtcEndpoints } from './kind.js';

describe('playerKind', () => {
  it('picks the player by URL', () => {
    expect(playerKind('http://h/live/s.m3u8')).toBe('hls');
    expect(playerKind('https://h:8443/live/s.flv?x=1')).toBe('flv');
    expect(playerKind('webrtc://h/live/s')).toBe('webrtc');
    expect(playerKind('http://h/rtc/v1/whep/?app=live&stream=s')).toBe('webrtc');
    expect(playerKind('rtmp://h/live/s')).toBeNull();
    expect(playerKind('javascript:alert(1)//.m3u8')).toBeNull();
  });
});

describe('webrtcEndpoints', () => {
  const page = { href: 'https://dash.example:8443/tools/player.html', protocol: 'https:' };
  it('maps webrtc:// onto WHEP and the legacy play API of that host', () => {
    expect(webrtcEndpoints('webrtc://dash.example:8443/live/livestream', page)).toEqual({
      whep: 'https://dash.example:8443/rtc/v1/whep/?app=live&stream=livestream',
      legacy: 'https://dash.example:8443/rtc/v1/play/',
      streamurl: 'webrtc://dash.example:8443/live/livestream',
    });
  });
  it('keeps a WHEP URL as given', () => {
    expect(webrtcEndpoints('http://h:2022/rtc/v1/whep/?app=live&stream=s', page).whep).toBe('http://h:2022/rtc/v1/whep/?app=live&stream=s');
  });
});
