// How to watch the stream (spec/ui.md §5.5.2 "play" lists): HTTP-FLV, HLS, WebRTC and RTMP,
// each with copy and an in-page preview; what the engine cannot serve is marked so.
import { useTranslation } from 'react-i18next';
import UrlRow from '../../components/UrlRow.jsx';
import { canServe } from '../../lib/engine.js';
import { flvUrl, hlsUrl, playerPage, rtmpPlayUrl, webrtcUrl } from '../../lib/urls.js';

export function useUnavailable(engine) {
  const { t } = useTranslation();
  return (protocol) => (canServe(engine, protocol) ? null : t('engine.needsSrs', { protocol: t(`engine.${protocol}`) }));
}

export default function StreamPlay({ site, stream, engine, onPreview, scheme, testPrefix = 'play' }) {
  const { t } = useTranslation();
  const unavailable = useUnavailable(engine);
  const flv = flvUrl(site, stream, scheme);
  const hls = hlsUrl(site, stream, scheme);
  const rtc = webrtcUrl(site, stream);
  return (
    <div>
      <h3 className="h6 mt-3">{t('live.play')}</h3>
      <UrlRow label="HTTP-FLV" value={flv} testId={`${testPrefix}-flv`} onPreview={() => onPreview(flv)} player={playerPage(flv)} unavailable={unavailable('flv')} />
      <UrlRow label="HLS" value={hls} testId={`${testPrefix}-hls`} onPreview={() => onPreview(hls)} player={playerPage(hls)} unavailable={unavailable('hls')} />
      <UrlRow label="WebRTC" value={rtc} testId={`${testPrefix}-webrtc`} onPreview={() => onPreview(rtc)} player={playerPage(rtc)} unavailable={unavailable('webrtc')} />
      <UrlRow label={t('live.rtmpPlay')} value={rtmpPlayUrl(site, stream)} testId={`${testPrefix}-rtmp`} unavailable={unavailable('rtmp')} />
    </div>
  );
}
