// Live tab (spec/ui.md §5.5.2): publish with OBS, FFmpeg or a browser, then watch.
import { Accordion, Alert } from 'react-bootstrap';
import { useTranslation } from 'react-i18next';
import UrlRow from '../../components/UrlRow.jsx';
import StreamPlay, { useUnavailable } from './StreamPlay.jsx';
import { consolePage, ffmpegCommand, rtcPublisherPage, rtmpPublishUrl, rtmpServer, streamKey, whipUrl } from '../../lib/urls.js';

export default function Live({ site, stream, secret, engine, lang, onPreview }) {
  const { t } = useTranslation();
  const unavailable = useUnavailable(engine);
  const key = streamKey(stream, secret);
  const consoleLink = engine?.kind === 'srs' ? <a href={consolePage(site, lang)} target="_blank" rel="noreferrer">{t('live.console')}</a> : null;
  return (
    <Accordion defaultActiveKey="obs" alwaysOpen data-testid="live-tab">
      <Accordion.Item eventKey="intro">
        <Accordion.Header>{t('live.introTitle')}</Accordion.Header>
        <Accordion.Body>
          <p>{t('live.intro1')}</p>
          <p className="mb-0">{t('live.intro2')}</p>
        </Accordion.Body>
      </Accordion.Item>
      <Accordion.Item eventKey="obs">
        <Accordion.Header>{t('live.obsTitle')}</Accordion.Header>
        <Accordion.Body>
          <ol>
            <li>{t('live.firewallRtmp')}</li>
            <li>
              {t('live.downloadObs')}{' '}
              <a href="https://obsproject.com/download" target="_blank" rel="noreferrer">
                obsproject.com
              </a>
            </li>
            <li>{t('live.obsSettings')}</li>
          </ol>
          <UrlRow label={t('live.server')} value={rtmpServer(site)} testId="obs-server" />
          <UrlRow label={t('live.streamKey')} value={key} testId="obs-key" />
          <StreamPlay site={site} stream={stream} engine={engine} onPreview={onPreview} testPrefix="obs-play" />
          {consoleLink}
        </Accordion.Body>
      </Accordion.Item>
      <Accordion.Item eventKey="ffmpeg">
        <Accordion.Header>{t('live.ffmpegTitle')}</Accordion.Header>
        <Accordion.Body>
          <ol>
            <li>{t('live.firewallRtmp')}</li>
            <li>
              {t('live.downloadFfmpeg')}{' '}
              <a href="https://ffmpeg.org/download.html" target="_blank" rel="noreferrer">
                ffmpeg.org
              </a>
            </li>
          </ol>
          <UrlRow label={t('live.ffmpegCommand')} value={ffmpegCommand(site, stream, secret)} testId="ffmpeg-command" />
          <UrlRow label={t('live.publishUrl')} value={rtmpPublishUrl(site, stream, secret)} testId="rtmp-publish" qr help={t('live.qrTip')} />
          <StreamPlay site={site} stream={stream} engine={engine} onPreview={onPreview} testPrefix="ffmpeg-play" />
          {consoleLink}
        </Accordion.Body>
      </Accordion.Item>
      <Accordion.Item eventKey="webrtc">
        <Accordion.Header>{t('live.webrtcTitle')}</Accordion.Header>
        <Accordion.Body>
          {unavailable('webrtc') ? (
            <Alert variant="secondary" data-testid="webrtc-unavailable">
              {unavailable('webrtc')}
            </Alert>
          ) : (
            <>
              <ol>
                <li>{t('live.firewallWebrtc')}</li>
                <li>{t('live.useHttps')}</li>
                <li>{t('live.stopOthers')}</li>
              </ol>
              <p>
                <a href={rtcPublisherPage(site, stream, secret)} target="_blank" rel="noreferrer" data-testid="rtc-publisher">
                  {t('live.publishByBrowser')}
                </a>
              </p>
              <UrlRow label={t('live.whip')} value={whipUrl(site, stream, secret)} testId="whip-url" help={t('live.whipTip')} />
              <StreamPlay site={site} stream={stream} engine={engine} onPreview={onPreview} scheme="https" testPrefix="rtc-play" />
            </>
          )}
        </Accordion.Body>
      </Accordion.Item>
    </Accordion>
  );
}
