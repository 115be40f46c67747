// Scenario page (spec/ui.md §5.5): seven tabs sharing the publish secret, the stream name and
// the engine's abilities; tabs follow ?tab= (§9.1.13).
import { useEffect, useState } from 'react';
import { Modal, Tab, Tabs } from 'react-bootstrap';
import { useTranslation } from 'react-i18next';
import { useApi } from '../session.jsx';
import { useTab } from '../lib/useTab.js';
import { useEngine } from '../lib/useEngine.js';
import { siteOf } from '../lib/urls.js';
import ErrorAlert from '../components/ErrorAlert.jsx';
import StreamName, { useStreamName } from '../components/StreamName.jsx';
import Player from '../player/Player.jsx';
import Tutorials from './scenario/Tutorials.jsx';
import Live from './scenario/Live.jsx';
import Srt from './scenario/Srt.jsx';
import Forward from './scenario/Forward.jsx';
import Recording from './scenario/Recording.jsx';
import Source from './scenario/Source.jsx';

export const SCENARIO_TABS = ['tutorials', 'live', 'srt', 'forward', 'dvr', 'vod', 'source'];
const LABELS = { tutorials: 'tutorials', live: 'live', srt: 'srt', forward: 'restream', dvr: 'dvr', vod: 'vod', source: 'code' };

export default function Scenario() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [tab, select] = useTab(SCENARIO_TABS, i18n.language === 'zh' ? 'tutorials' : 'live');
  const [secret, setSecret] = useState(null);
  const [error, setError] = useState(null);
  const [preview, setPreview] = useState(null);
  const [stream, setStream] = useStreamName();
  const engine = useEngine();

  useEffect(() => {
    const controller = new AbortController();
    api
      .post('/terraform/v1/hooks/srs/secret/query', {}, { signal: controller.signal })
      .then((data) => setSecret(data?.publish || ''))
      .catch((e) => !controller.signal.aborted && setError(e));
    return () => controller.abort();
  }, [api]);

  const urls = { site: siteOf(window.location), stream, secret, engine, lang: i18n.language, onPreview: setPreview };
  const withStream = (content) => (
    <>
      <StreamName value={stream} onChange={setStream} />
      {content}
    </>
  );

  return (
    <>
      <ErrorAlert error={error} onClose={() => setError(null)} />
      <Tabs activeKey={tab} onSelect={select} className="mb-3 flex-nowrap overflow-x-auto overflow-y-hidden" mountOnEnter unmountOnExit data-testid="scenario-tabs">
        {SCENARIO_TABS.map((key) => (
          <Tab key={key} eventKey={key} title={t(`scenario.${LABELS[key]}`)} tabAttrs={{ 'data-testid': `tab-${key}` }}>
            {key === 'tutorials' ? <Tutorials /> : null}
            {key === 'live' ? withStream(<Live {...urls} />) : null}
            {key === 'srt' ? withStream(<Srt {...urls} />) : null}
            {key === 'forward' ? <Forward /> : null}
            {key === 'dvr' || key === 'vod' ? <Recording kind={key} /> : null}
            {key === 'source' ? <Source /> : null}
          </Tab>
        ))}
      </Tabs>
      <Modal show={!!preview} onHide={() => setPreview(null)} size="lg" centered>
        <Modal.Header closeButton>
          <Modal.Title className="h6 font-monospace text-break">{preview}</Modal.Title>
        </Modal.Header>
        <Modal.Body>{preview ? <Player url={preview} /> : null}</Modal.Body>
      </Modal>
    </>
  );
}
