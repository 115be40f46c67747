// Plays one stream URL in a <video>: the in-page preview of the dashboard and the /tools/ page.
// Libraries are loaded only for the kind of stream asked for.
import { useEffect, useRef, useState } from 'react';
import { playerKind, webrtcEndpoints } from './kind.js';

async function playHls(video, url, report) {
  if (video.canPlayType('application/vnd.apple.mpegurl') && !window.MediaSource) {
    video.src = url; // Safari plays HLS itself
    return { destroy: () => video.removeAttribute('src') };
  }
  const { default: Hls } = await import('hls.js');
  if (!Hls.isSupported()) throw new Error('HLS is not supported by this browser');
  const hls = new Hls({ lowLatencyMode: true });
  hls.on(Hls.Events.ERROR, (_, data) => data.fatal && report(`${data.type}: ${data.details}`));
  hls.loadSource(url);
  hls.attachMedia(video);
  return { destroy: () => hls.destroy() };
}

async function playFlv(video, url, report) {
  const { default: mpegts } = await import('mpegts.js');
  if (!mpegts.isSupported()) throw new Error('HTTP-FLV needs Media Source Extensions');
  const player = mpegts.createPlayer({ type: 'flv', isLive: true, url });
  player.on(mpegts.Events.ERROR, (type, detail) => report(`${type}: ${detail}`));
  player.attachMediaElement(video);
  player.load();
  return { destroy: () => player.destroy() };
}

async function exchange(endpoints, offer) {
  const whep = await fetch(endpoints.whep, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: offer.sdp });
  if (whep.ok) return whep.text();
  if (whep.status !== 404) throw new Error(`WHEP answered ${whep.status}`);
  const legacy = await fetch(endpoints.legacy, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ api: endpoints.legacy, streamurl: endpoints.streamurl, clientip: null, sdp: offer.sdp }),
  });
  const answer = await legacy.json().catch(() => ({}));
  if (!legacy.ok || answer.code !== 0) throw new Error(`WebRTC play answered ${legacy.status} code=${answer.code}`);
  return answer.sdp;
}

async function playWebrtc(video, url) {
  const endpoints = webrtcEndpoints(url, window.location);
  const peer = new RTCPeerConnection();
  peer.addTransceiver('audio', { direction: 'recvonly' });
  peer.addTransceiver('video', { direction: 'recvonly' });
  const stream = new MediaStream();
  peer.ontrack = (event) => stream.addTrack(event.track);
  video.srcObject = stream;
  const offer = await peer.createOffer();
  await peer.setLocalDescription(offer);
  const sdp = await exchange(endpoints, offer);
  await peer.setRemoteDescription({ type: 'answer', sdp });
  return { destroy: () => { peer.close(); video.srcObject = null; } };
}

const PLAYERS = { hls: playHls, flv: playFlv, webrtc: playWebrtc };

export default function Player({ url, onError }) {
  const video = useRef(null);
  const [error, setError] = useState(null);
  const kind = playerKind(url);

  useEffect(() => {
    setError(null);
    if (!kind || !video.current) return undefined;
    let session = null;
    let stopped = false;
    const report = (message) => {
      if (stopped) return;
      setError(message);
      onError?.(message);
    };
    PLAYERS[kind](video.current, url, report)
      .then((started) => {
        session = started;
        if (stopped) session?.destroy?.();
        else video.current?.play().catch(() => {}); // autoplay may need a click; controls are shown
      })
      .catch((e) => report(e.message || String(e)));
    return () => {
      stopped = true;
      session?.destroy?.();
    };
  }, [url, kind]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!kind) return <div className="alert alert-warning">Not a playable stream URL: {url}</div>;
  return (
    <div>
      <video ref={video} controls muted playsInline autoPlay className="w-100 bg-black rounded" style={{ maxHeight: '70vh' }} data-testid="player-video" data-kind={kind} />
      {error ? (
        <div className="alert alert-danger mt-2 mb-0" data-testid="player-error">
          {error}
        </div>
      ) : null}
    </div>
  );
}
