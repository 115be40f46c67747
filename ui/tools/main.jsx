// /tools/player.html?url=<stream URL>: plays HLS, HTTP-FLV or WebRTC (spec/ui.md §6.5), and
// lets the user paste another URL.
import 'bootstrap/dist/css/bootstrap.min.css';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import Player from '../src/player/Player.jsx';
import { playerKind } from '../src/player/kind.js';

function ToolsPlayer() {
  const initial = new URLSearchParams(window.location.search).get('url') || '';
  const [draft, setDraft] = useState(initial);
  const [url, setUrl] = useState(initial);
  const submit = (event) => {
    event.preventDefault();
    const next = draft.trim();
    setUrl(next);
    const query = new URLSearchParams({ url: next });
    window.history.replaceState(null, '', `${window.location.pathname}?${query}`);
  };
  return (
    <main className="container py-3">
      <h1 className="h4">SRS Cloud Player</h1>
      <form className="input-group mb-3" onSubmit={submit}>
        <label className="input-group-text" htmlFor="url">
          URL
        </label>
        <input id="url" className="form-control font-monospace" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="http://host/live/livestream.flv | .m3u8 | webrtc://host/live/livestream" data-testid="tools-url" />
        <button className="btn btn-primary" type="submit">
          Play
        </button>
      </form>
      {url ? (
        <>
          <p className="small text-body-secondary" data-testid="tools-kind">
            {playerKind(url) ? `${playerKind(url).toUpperCase()}: ${url}` : url}
          </p>
          <Player url={url} />
        </>
      ) : (
        <p>Give the URL of an HTTP-FLV (.flv), HLS (.m3u8) or WebRTC (webrtc://…) stream.</p>
      )}
    </main>
  );
}

createRoot(document.getElementById('root')).render(<ToolsPlayer />);
