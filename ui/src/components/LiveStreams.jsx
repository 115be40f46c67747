// Streams being published now, with protocol, publish time and viewers (spec/ui.md §9.2),
// refreshed every 10 s, each with a preview and its play URL.
import { useState } from 'react';
import { Alert, Badge, Button, Modal, Spinner, Table } from 'react-bootstrap';
import { PlayCircle } from 'react-bootstrap-icons';
import { useTranslation } from 'react-i18next';
import { useApi } from '../session.jsx';
import { usePoll } from '../lib/usePoll.js';
import { canServe } from '../lib/engine.js';
import { flvUrl, hlsUrl, siteOf } from '../lib/urls.js';
import { formatTime, formatUptime, streamsFromHooks, streamsFromSrs } from '../lib/streams.js';
import CopyButton from './CopyButton.jsx';
import ErrorAlert from './ErrorAlert.jsx';
import Player from '../player/Player.jsx';

export const STREAMS_ROUTE = '/terraform/v1/hooks/streams/query';

async function loadStreams(api, signal) {
  try {
    const [streams, clients] = await Promise.all([
      api.get('/api/v1/streams/', { signal, timeout: 5000 }),
      api.get('/api/v1/clients/', { signal, timeout: 5000 }),
    ]);
    if (streams && Array.isArray(streams.streams)) return { source: 'srs', rows: streamsFromSrs(streams, clients, Date.now()) };
  } catch (e) {
    if (signal.aborted) throw e;
  }
  try {
    return { source: 'hooks', rows: streamsFromHooks(await api.post(STREAMS_ROUTE, {}, { signal })) };
  } catch (e) {
    if (e.status === 404) return { source: 'none', rows: [] };
    throw e;
  }
}

export default function LiveStreams({ engine }) {
  const { t } = useTranslation();
  const api = useApi();
  const site = siteOf(window.location);
  const [preview, setPreview] = useState(null);
  const { data, error, loading } = usePoll((signal) => loadStreams(api, signal), 10000, [api]);
  const now = Date.now();
  const playUrl = (row) => (canServe(engine, 'flv') && engine?.kind === 'srs' ? flvUrl(site, row.stream) : hlsUrl(site, row.stream));

  return (
    <div data-testid="live-streams">
      <ErrorAlert error={error} />
      {loading ? <Spinner animation="border" size="sm" /> : null}
      {data?.source === 'none' ? (
        <Alert variant="info" data-testid="streams-unavailable">
          {t('streams.noSource', { route: STREAMS_ROUTE })}
        </Alert>
      ) : null}
      {data && data.source !== 'none' && !data.rows.length ? <p data-testid="streams-empty">{t('streams.empty')}</p> : null}
      {data?.rows.length ? (
        <Table responsive hover size="sm" className="align-middle">
          <thead>
            <tr>
              <th>{t('streams.stream')}</th>
              <th>{t('streams.protocol')}</th>
              <th>{t('streams.publishedAt')}</th>
              <th>{t('streams.viewers')}</th>
              <th>{t('streams.video')}</th>
              <th>{t('streams.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={row.key} data-testid="stream-row">
                <td className="font-monospace">
                  {row.app}/{row.stream}
                </td>
                <td>
                  <Badge bg="info">{row.protocol.toUpperCase()}</Badge>
                </td>
                <td>
                  {formatTime(row.publishedAt)}
                  {row.publishedAt ? <div className="small text-body-secondary">{formatUptime(now - row.publishedAt)}</div> : null}
                </td>
                <td>{row.viewers ?? '-'}</td>
                <td>
                  {row.video}
                  {row.kbps ? <div className="small text-body-secondary">{row.kbps} kbps</div> : null}
                </td>
                <td className="text-nowrap">
                  <Button size="sm" variant="outline-primary" className="me-1" onClick={() => setPreview(playUrl(row))} aria-label={`${t('helper.preview')} ${row.stream}`}>
                    <PlayCircle aria-hidden />
                  </Button>
                  <CopyButton text={playUrl(row)} label={`${t('helper.copy')} ${row.stream}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      <Modal show={!!preview} onHide={() => setPreview(null)} size="lg" centered>
        <Modal.Header closeButton>
          <Modal.Title className="h6 font-monospace text-break">{preview}</Modal.Title>
        </Modal.Header>
        <Modal.Body>{preview ? <Player url={preview} /> : null}</Modal.Body>
      </Modal>
    </div>
  );
}
