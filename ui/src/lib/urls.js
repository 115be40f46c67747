// Stream URLs shown, copied and encoded as QR codes (spec/ui.md §6, with the §9.1.6 fixes:
// FLV/HLS keep a non-default port, the FFmpeg URL is quoted, player parameters are encoded, an
// RTMP play URL is offered). Pure functions: everything comes from `site` and the stream.

export const SRT_PORT = 10080;
export const SRT_LATENCY = 20;
export const RTMP_APP = 'live';

// Where the page was loaded from: the host the user typed is the host of every stream URL.
// `location` is window.location or anything with protocol, hostname and port.
export function siteOf(location) {
  const scheme = location.protocol.replace(':', '') === 'https' ? 'https' : 'http';
  const defaultPort = scheme === 'https' ? 443 : 80;
  const port = location.port ? Number(location.port) : defaultPort;
  const host = location.hostname;
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const hostport = port === defaultPort ? bracketed : `${bracketed}:${port}`;
  return { scheme, host: bracketed, port, hostport };
}

// The stream key OBS wants: the name, plus the publish secret once it is known.
export function streamKey(stream, secret) {
  return secret ? `${stream}?secret=${encodeURIComponent(secret)}` : stream;
}

export function rtmpServer(site) {
  return `rtmp://${site.host}/${RTMP_APP}/`;
}

export function rtmpPublishUrl(site, stream, secret) {
  return `${rtmpServer(site)}${streamKey(stream, secret)}`;
}

export function rtmpPlayUrl(site, stream) {
  return `${rtmpServer(site)}${stream}`;
}

export function ffmpegCommand(site, stream, secret) {
  return `ffmpeg -re -i source.flv -c copy -f flv "${rtmpPublishUrl(site, stream, secret)}"`;
}

// HTTP-FLV and HLS through the web port, with the page's scheme (or the one asked for).
export function httpStreamUrl(site, stream, extension, scheme = site.scheme) {
  // Another scheme than the page's (the WebRTC section's https links): its default port.
  const hostport = scheme === site.scheme ? site.hostport : site.host;
  return `${scheme}://${hostport}/${RTMP_APP}/${stream}.${extension}`;
}

export function flvUrl(site, stream, scheme) {
  return httpStreamUrl(site, stream, 'flv', scheme);
}

export function hlsUrl(site, stream, scheme) {
  return httpStreamUrl(site, stream, 'm3u8', scheme);
}

// WebRTC signalling through the web port (SRS 5 WHEP/WHIP; the player falls back to the
// older /rtc/v1/play/ API when WHEP is missing).
export function whepUrl(site, stream) {
  return `${site.scheme}://${site.hostport}/rtc/v1/whep/?app=${RTMP_APP}&stream=${encodeURIComponent(stream)}`;
}

export function whipUrl(site, stream, secret) {
  const query = secret ? `&secret=${encodeURIComponent(secret)}` : '';
  return `${site.scheme}://${site.hostport}/rtc/v1/whip/?app=${RTMP_APP}&stream=${encodeURIComponent(stream)}${query}`;
}

export function webrtcUrl(site, stream) {
  return `webrtc://${site.hostport}/${RTMP_APP}/${stream}`;
}

// Our player page (ui/tools): the played URL is one encoded parameter.
export function playerPage(url) {
  return `/tools/player.html?url=${encodeURIComponent(url)}`;
}

// SRS's own WebRTC publisher page: camera capture needs a secure context, so on a plain-http
// dashboard it points at https on 443 (spec/ui.md §6.3).
export function rtcPublisherPage(site, stream, secret) {
  const [scheme, port] = site.scheme === 'https' ? ['https', site.port] : ['https', 443];
  const query = new URLSearchParams({ schema: scheme, port: String(port), api: String(port), autostart: 'true', stream });
  if (secret) query.set('secret', secret);
  return `/players/rtc_publisher.html?${query}`;
}

export function consolePage(site, lang) {
  const page = lang === 'zh' ? 'ng_index.html' : 'en_index.html';
  return `/console/${page}#/summaries?port=${site.port}&http=${site.port}`;
}

// SRT: the secret rides inside the `r=` resource of the stream id (spec/ui.md §6.2).
export function srtPublishStreamId(stream, secret) {
  return `#!::r=${RTMP_APP}/${streamKey(stream, secret)},m=publish`;
}

export function srtPlayStreamId(stream) {
  return `#!::r=${RTMP_APP}/${stream},latency=${SRT_LATENCY},m=request`;
}

export function srtPublishUrl(site, stream, secret) {
  return `srt://${site.host}:${SRT_PORT}?streamid=${srtPublishStreamId(stream, secret)}`;
}

export function srtPlayUrl(site, stream) {
  return `srt://${site.host}:${SRT_PORT}?streamid=${srtPlayStreamId(stream)}`;
}

export function ffplayCommand(site, stream, windows) {
  const quote = windows ? '"' : "'";
  return `ffplay -fflags nobuffer -flags low_delay -i ${quote}${srtPlayUrl(site, stream)}${quote}`;
}

// DVR/VoD playlists (spec/ui.md §6.4): hooks serves sessions still recording; finished DVR
// sessions live in COS, finished VoD sessions at their media URL.
export function recordingPlaylist(site, kind, file) {
  if (file.progress) {
    return `${site.scheme}://${site.hostport}/terraform/v1/hooks/${kind}/hls/${file.uuid}.m3u8`;
  }
  if (kind === 'vod') return file.media || '';
  return `https://${file.bucket}.cos.${file.region}.myqcloud.com/${file.uuid}/index.m3u8`;
}

// The name a user may give a stream: letters, digits, '_' and '-', as the engine's URL parts.
export function isValidStreamName(name) {
  return /^[A-Za-z0-9_-]{1,64}$/.test(name);
}

// Six random lowercase letters, as the original's "change stream name".
export function randomStreamName(random = cryptoRandom) {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return Array.from(random(6), (byte) => letters[byte % letters.length]).join('');
}

function cryptoRandom(count) {
  return crypto.getRandomValues(new Uint8Array(count));
}
