// What a URL is, for the player: HLS (hls.js, or the browser's own on Safari), HTTP-FLV
// (mpegts.js) or WebRTC (WHEP, else SRS's older /rtc/v1/play/ API).

export function playerKind(url) {
  let parsed;
  try {
    parsed = new URL(url, 'http://placeholder');
  } catch {
    return null;
  }
  if (parsed.protocol === 'webrtc:' || /\/rtc\/v1\/whep\/?$/.test(parsed.pathname)) return 'webrtc';
  if (!/^https?:$/.test(parsed.protocol)) return null;
  if (/\.m3u8$/i.test(parsed.pathname)) return 'hls';
  if (/\.flv$/i.test(parsed.pathname)) return 'flv';
  return null;
}

// The two signalling endpoints for a WebRTC URL: WHEP (SRS >= 5) and the legacy play API.
// webrtc://host[:port]/app/stream is answered by the web port of the page.
export function webrtcEndpoints(url, page) {
  const parsed = new URL(url, page.href);
  let app;
  let stream;
  let origin;
  if (parsed.protocol === 'webrtc:') {
    const parts = parsed.pathname.split('/').filter(Boolean);
    stream = parts.pop();
    app = parts.join('/') || 'live';
    origin = `${page.protocol}//${parsed.host}`;
  } else {
    app = parsed.searchParams.get('app') || 'live';
    stream = parsed.searchParams.get('stream') || '';
    origin = parsed.origin;
  }
  const whep = `${origin}/rtc/v1/whep/?app=${encodeURIComponent(app)}&stream=${encodeURIComponent(stream)}`;
  const legacy = `${origin}/rtc/v1/play/`;
  const streamurl = `webrtc://${new URL(origin).host}/${app}/${stream}`;
  return { whep, legacy, streamurl };
}
