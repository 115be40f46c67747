// Which protocols the running media engine can serve (port-decisions.md §2): SRS serves them
// all; nginx-rtmp (the fallback engine) only RTMP and HLS. The engine is SRS when its HTTP API
// answers at /api/v1/versions (proxied by mgmt/nginx, spec/mgmt.md §9).

const NGINX_RTMP = new Set(['rtmp', 'hls']);

// engine: {kind: 'srs', version} | {kind: 'nginx-rtmp'} | {kind: 'unknown'} (nothing answered).
export function canServe(engine, protocol) {
  if (!engine || engine.kind === 'srs') return true; // not known yet: do not flash "unavailable"
  return NGINX_RTMP.has(protocol);
}

// The answer of SRS's GET /api/v1/versions ({code:0, data:{major, version}}) or anything else.
export function engineFromVersions(answer) {
  if (answer && answer.code === 0 && answer.data && answer.data.version) {
    return { kind: 'srs', version: String(answer.data.version), major: Number(answer.data.major) };
  }
  return { kind: 'nginx-rtmp' };
}
