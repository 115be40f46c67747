// SRT tab (spec/ui.md §5.5.3): vMix and OBS + ffplay, the stream ids with the secret inside.
import { Accordion, Alert } from 'react-bootstrap';
import { useTranslation } from 'react-i18next';
import UrlRow from '../../components/UrlRow.jsx';
import StreamPlay, { useUnavailable } from './StreamPlay.jsx';
import { SRT_LATENCY, SRT_PORT, ffplayCommand, srtPlayStreamId, srtPlayUrl, srtPublishStreamId, srtPublishUrl } from '../../lib/urls.js';

export default function Srt({ site, stream, secret, engine, onPreview }) {
  const { t } = useTranslation();
  const unavailable = useUnavailable(engine)('srt');
  const row = (label, value, testId, extra = {}) => <UrlRow label={label} value={value} testId={testId} unavailable={unavailable} {...extra} />;
  return (
    <>
      {unavailable ? (
        <Alert variant="secondary" data-testid="srt-unavailable">
          {unavailable}
        </Alert>
      ) : null}
      <Accordion defaultActiveKey="vmix" alwaysOpen data-testid="srt-tab">
        <Accordion.Item eventKey="intro">
          <Accordion.Header>{t('srt.introTitle')}</Accordion.Header>
          <Accordion.Body>
            <p>{t('srt.intro1')}</p>
            <p className="mb-0">
              {t('srt.intro2')}{' '}
              <a href="https://github.com/ossrs/srs/issues/1147#lagging" target="_blank" rel="noreferrer">
                #1147
              </a>
            </p>
          </Accordion.Body>
        </Accordion.Item>
        <Accordion.Item eventKey="vmix">
          <Accordion.Header>{t('srt.vmixTitle')}</Accordion.Header>
          <Accordion.Body>
            <p>{t('srt.requires', { host: site.host })}</p>
            <h3 className="h6">{t('srt.publisher')}</h3>
            <p>{t('srt.vmixPublish')}</p>
            {row(t('srt.hostname'), site.host, 'srt-host')}
            {row(t('srt.port'), String(SRT_PORT), 'srt-port')}
            {row(t('srt.latency'), String(SRT_LATENCY), 'srt-latency')}
            {row(t('srt.streamIdPublish'), srtPublishStreamId(stream, secret), 'srt-publish-id')}
            <h3 className="h6">{t('srt.player')}</h3>
            <p>{t('srt.vmixPlay')}</p>
            {row(t('srt.streamIdPlay'), srtPlayStreamId(stream), 'srt-play-id')}
          </Accordion.Body>
        </Accordion.Item>
        <Accordion.Item eventKey="obs">
          <Accordion.Header>{t('srt.obsTitle')}</Accordion.Header>
          <Accordion.Body>
            <p>{t('srt.obsPublish')}</p>
            {row(t('srt.publishUrl'), srtPublishUrl(site, stream, secret), 'srt-publish', { qr: true })}
            <p className="small">{t('srt.obsEncoder')}</p>
            {row(t('srt.playUrl'), srtPlayUrl(site, stream), 'srt-play', { qr: true })}
            {row(t('srt.ffplayWindows'), ffplayCommand(site, stream, true), 'ffplay-windows')}
            {row(t('srt.ffplayUnix'), ffplayCommand(site, stream, false), 'ffplay-unix')}
            <p className="small text-body-secondary">{t('srt.slowStart')}</p>
          </Accordion.Body>
        </Accordion.Item>
        <Accordion.Item eventKey="play">
          <Accordion.Header>{t('srt.previewTitle')}</Accordion.Header>
          <Accordion.Body>
            <StreamPlay site={site} stream={stream} engine={engine} onPreview={onPreview} testPrefix="srt-preview" />
          </Accordion.Body>
        </Accordion.Item>
      </Accordion>
    </>
  );
}
