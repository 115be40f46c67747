// Forward tab (spec/ui.md §5.5.4): push the live stream to other platforms through the ffmpeg
// daemon, and the status of each forward, refreshed every 10 s.
import { useEffect, useState } from 'react';
import { Accordion, Badge, Button, Form, Spinner, Table } from 'react-bootstrap';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../session.jsx';
import { useAction } from '../../lib/useAction.js';
import { usePoll } from '../../lib/usePoll.js';
import { formatTime } from '../../lib/streams.js';
import ErrorAlert from '../../components/ErrorAlert.jsx';
import SecretInput from '../../components/SecretInput.jsx';

export const FORWARD_PLATFORMS = [
  { platform: 'wx', link: 'https://channels.weixin.qq.com/platform/live/liveBuild' },
  { platform: 'bilibili', link: 'https://link.bilibili.com/p/center/index#/my-room/start-live' },
  { platform: 'kuaishou', link: 'https://studio.kuaishou.com/live/list' },
];

function PlatformForm({ platform, link, config, onSaved }) {
  const { t } = useTranslation();
  const api = useApi();
  const { busy, error, clearError, run } = useAction();
  const [server, setServer] = useState(config?.server || '');
  const [secret, setSecret] = useState(config?.secret || '');
  const [enabled, setEnabled] = useState(!!config?.enabled);
  const [invalid, setInvalid] = useState(null);

  const submit = async (event) => {
    event.preventDefault();
    if (!server.trim()) return setInvalid(t('forward.noServer'));
    if (!/^rtmps?:\/\//.test(server.trim())) return setInvalid(t('forward.badServer'));
    setInvalid(null);
    const done = await run(
      () => api.post('/terraform/v1/ffmpeg/forward/secret', { action: 'update', platform, server: server.trim(), secret, enabled }),
      t('forward.ok'),
    );
    if (done.ok) onSaved();
  };

  return (
    <Form onSubmit={submit} noValidate data-testid={`forward-form-${platform}`}>
      <ErrorAlert error={error} onClose={clearError} />
      <Form.Group className="mb-3" controlId={`forward-server-${platform}`}>
        <Form.Label>{t('forward.server')}</Form.Label>
        <Form.Control value={server} onChange={(e) => setServer(e.target.value)} isInvalid={!!invalid} placeholder="rtmp://" className="font-monospace" data-testid={`forward-server-${platform}`} />
        <Form.Control.Feedback type="invalid" data-testid={`forward-invalid-${platform}`}>
          {invalid}
        </Form.Control.Feedback>
        <Form.Text muted>
          {t('forward.serverTip')}{' '}
          <a href={link} target="_blank" rel="noreferrer">
            {t(`forward.${platform}`)}
          </a>
        </Form.Text>
      </Form.Group>
      <Form.Group className="mb-3">
        <Form.Label htmlFor={`forward-secret-${platform}`}>{t('forward.secret')}</Form.Label>
        <SecretInput id={`forward-secret-${platform}`} value={secret} onChange={setSecret} testId={`forward-secret-${platform}`} />
      </Form.Group>
      <Form.Check className="mb-3" id={`forward-enabled-${platform}`} label={t('forward.enabled')} checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid={`forward-enabled-${platform}`} />
      <Button type="submit" disabled={busy} data-testid={`forward-submit-${platform}`}>
        {busy ? <Spinner size="sm" animation="border" className="me-2" /> : null}
        {t('forward.submit')}
      </Button>
      <Form.Text className="d-block mt-2" muted>
        {t('forward.randomTip')}
      </Form.Text>
    </Form>
  );
}

function ForwardStatus({ onReady }) {
  const { t } = useTranslation();
  const api = useApi();
  const { data, error } = usePoll((signal) => api.post('/terraform/v1/ffmpeg/forward/streams', {}, { signal }), 10000, [api]);
  useEffect(() => data && onReady?.(), [data, onReady]);
  const rows = Array.isArray(data) ? data : [];
  return (
    <>
      <ErrorAlert error={error} />
      {rows.length ? (
        <Table responsive size="sm" className="align-middle" data-testid="forward-status">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('forward.platform')}</th>
              <th>{t('forward.state')}</th>
              <th>{t('forward.update')}</th>
              <th>{t('forward.stream')}</th>
              <th>{t('forward.log')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const active = row.enabled && row.frame?.update && Date.now() - Date.parse(row.frame.update) < 60000;
              return (
                <tr key={row.platform} data-testid={`forward-row-${row.platform}`}>
                  <td>{index + 1}</td>
                  <td>{t(`forward.${row.platform}`, { defaultValue: row.platform })}</td>
                  <td>
                    {active ? <Badge bg="success">{t('forward.forwarding')}</Badge> : row.enabled ? <Badge bg="warning" text="dark">{t('forward.waiting')}</Badge> : <Badge bg="secondary">{t('forward.disabled')}</Badge>}
                  </td>
                  <td>{row.frame?.update ? formatTime(Date.parse(row.frame.update)) : ''}</td>
                  <td className="font-monospace">{row.stream || ''}</td>
                  <td className="small font-monospace text-break">{row.frame?.log || ''}</td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      ) : data ? (
        <p data-testid="forward-empty">{t('forward.empty')}</p>
      ) : null}
    </>
  );
}

export default function Forward() {
  const { t } = useTranslation();
  const api = useApi();
  const [state, setState] = useState({ loading: true });
  const [open, setOpen] = useState(null);
  const [statusVersion, setStatusVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    api
      .post('/terraform/v1/ffmpeg/forward/secret', {}, { signal: controller.signal })
      .then((configs) => {
        const map = configs && typeof configs === 'object' ? configs : {};
        setState({ configs: map });
        setOpen(Object.values(map).some((config) => config?.enabled) ? 'status' : 'wx');
      })
      .catch((error) => !controller.signal.aborted && setState({ error }));
    return () => controller.abort();
  }, [api]);

  if (state.loading) return <Spinner animation="border" size="sm" />;
  if (state.error) return <ErrorAlert error={state.error} />;
  return (
    <Accordion activeKey={open} onSelect={(key) => setOpen(key)} data-testid="forward-tab">
      <Accordion.Item eventKey="intro">
        <Accordion.Header>{t('forward.introTitle')}</Accordion.Header>
        <Accordion.Body>{t('forward.intro')}</Accordion.Body>
      </Accordion.Item>
      {FORWARD_PLATFORMS.map(({ platform, link }) => (
        <Accordion.Item eventKey={platform} key={platform}>
          <Accordion.Header data-testid={`forward-item-${platform}`}>{t(`forward.${platform}Title`)}</Accordion.Header>
          <Accordion.Body>
            <PlatformForm platform={platform} link={link} config={state.configs[platform]} onSaved={() => setStatusVersion((v) => v + 1)} />
          </Accordion.Body>
        </Accordion.Item>
      ))}
      <Accordion.Item eventKey="status">
        <Accordion.Header data-testid="forward-item-status">{t('forward.statusTitle')}</Accordion.Header>
        <Accordion.Body>
          <ForwardStatus key={statusVersion} />
        </Accordion.Body>
      </Accordion.Item>
    </Accordion>
  );
}
