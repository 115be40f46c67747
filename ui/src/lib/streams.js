// The live-streams list (spec/ui.md §9.2): one row per published stream with its protocol,
// publish time and viewer count. Two sources, one row shape:
//  * SRS's HTTP API: GET /api/v1/streams/ and /api/v1/clients/ (through the /api/ proxy);
//  * the hooks daemon, which sees every engine's callbacks (nginx-rtmp too):
//    POST /terraform/v1/hooks/streams/query {token} -> {streams: [{vhost, app, stream,
//    protocol: "rtmp"|"srt"|"rtc", publishedAt: ISO time, viewers: n, client?}]}
//    (designed here; hooks does not serve it yet).

const PUBLISHER_PROTOCOL = {
  'fmle-publish': 'rtmp',
  'flash-publish': 'rtmp',
  'haivision-publish': 'rtmp',
  'srt-publish': 'srt',
  'rtc-publish': 'rtc',
};

function videoOf(stream) {
  const video = stream.video;
  if (!video || !video.codec) return '';
  return video.width && video.height ? `${video.codec} ${video.width}x${video.height}` : video.codec;
}

// streams: the answer of /api/v1/streams/, clients: of /api/v1/clients/, now: epoch ms.
export function streamsFromSrs(streams, clients, now) {
  const byStream = new Map();
  for (const client of clients?.clients || []) {
    const list = byStream.get(client.stream) || [];
    list.push(client);
    byStream.set(client.stream, list);
  }
  return (streams?.streams || [])
    .filter((stream) => stream.publish?.active)
    .map((stream) => {
      const attached = byStream.get(stream.id) || [];
      const publisher = attached.find((client) => client.publish);
      const viewers = attached.length ? attached.filter((client) => !client.publish).length : Math.max(0, (stream.clients || 0) - 1);
      return {
        key: stream.id,
        app: stream.app,
        stream: stream.name,
        protocol: PUBLISHER_PROTOCOL[publisher?.type] || 'rtmp',
        publishedAt: publisher && Number.isFinite(Number(publisher.alive)) ? now - Number(publisher.alive) * 1000 : null,
        viewers,
        video: videoOf(stream),
        kbps: stream.kbps?.recv_30s ?? null,
      };
    });
}

// data: the `data` of hooks' streams/query.
export function streamsFromHooks(data) {
  return (data?.streams || []).map((item) => ({
    key: `${item.vhost || ''}/${item.app}/${item.stream}`,
    app: item.app,
    stream: item.stream,
    protocol: item.protocol || 'rtmp',
    publishedAt: item.publishedAt ? Date.parse(item.publishedAt) : null,
    viewers: Number.isFinite(item.viewers) ? item.viewers : null,
    video: '',
    kbps: null,
  }));
}

// "1h 02m", "3m 07s", "12s": how long a stream has been live.
export function formatUptime(ms) {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

// YYYY-MM-DD HH:mm:ss in the browser's time zone (the original's display format).
export function formatTime(ms) {
  if (!Number.isFinite(ms)) return '';
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
