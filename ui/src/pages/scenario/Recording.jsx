// DVR and VoD tabs (spec/ui.md §5.5.5, §5.5.6): cloud keys, the "record all" rule (the two
// exclude each other, enforced here and explained), and the recordings, refreshed every 10 s.
import { useCallback, useEffect, useState } from 'react';
import { Accordion, Badge, Button, Form, Spinner, Table } from 'react-bootstrap';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../session.jsx';
import { useAction } from '../../lib/useAction.js';
import { usePoll } from '../../lib/usePoll.js';
import { formatTime } from '../../lib/streams.js';
import { recordingPlaylist, playerPage, siteOf } from '../../lib/urls.js';
import ErrorAlert from '../../components/ErrorAlert.jsx';
import CopyButton from '../../components/CopyButton.jsx';
import TencentForm from '../../components/TencentForm.jsx';

const OTHER = { dvr: 'vod', vod: 'dvr' };

// The item opened first (§5.5.5): the rule when the other one records all; else the list if
// this one records all, the rule if keys exist, the keys otherwise.
export function defaultItem(mine, other) {
  if (other?.all) return 'rule';
  if (mine?.secret) return mine.all ? 'list' : 'rule';
  return 'keys';
}

function Rule({ kind, status, otherStatus, onSaved }) {
  const { t } = useTranslation();
  const api = useApi();
  const { busy, error, clearError, run } = useAction();
  const [all, setAll] = useState(!!status.all);
  useEffect(() => setAll(!!status.all), [status.all]);
  const blocked = !!otherStatus?.all && !status.all;
  const submit = async (event) => {
    event.preventDefault();
    const done = await run(() => api.post(`/terraform/v1/hooks/${kind}/apply`, { all }), t(`record.${kind}Ok`));
    if (done.ok) onSaved();
  };
  return (
    <Form onSubmit={submit} data-testid={`${kind}-rule`}>
      <ErrorAlert error={error} onClose={clearError} />
      <Form.Check className="mb-3" id={`${kind}-all`} label={t('record.all')} checked={all} disabled={blocked} onChange={(e) => setAll(e.target.checked)} data-testid={`${kind}-all`} />
      <Button type="submit" disabled={busy || blocked} data-testid={`${kind}-submit`}>
        {busy ? <Spinner size="sm" animation="border" className="me-2" /> : null}
        {t('record.submit')}
      </Button>
      {blocked ? (
        <p className="text-danger mt-2 mb-0" data-testid={`${kind}-blocked`}>
          {t(`record.${kind}Blocked`)}
        </p>
      ) : null}
    </Form>
  );
}

// Segments waiting for upload, when hooks reports them (port-decisions.md §5: bounded, visible).
function Backlog({ backlog }) {
  const { t } = useTranslation();
  if (!backlog) return null;
  const mb = (bytes) => (Number(bytes || 0) / 1048576).toFixed(1);
  return (
    <p className="small text-body-secondary" data-testid="record-backlog">
      {t('record.backlog', { segments: backlog.segments ?? 0, used: mb(backlog.bytes), limit: mb(backlog.limit), refused: backlog.refused ?? 0, failed: backlog.failed ?? 0 })}
    </p>
  );
}

function Files({ kind }) {
  const { t } = useTranslation();
  const api = useApi();
  const site = siteOf(window.location);
  const { data, error } = usePoll((signal) => api.post(`/terraform/v1/hooks/${kind}/files`, {}, { signal }), 10000, [api, kind]);
  const rows = (Array.isArray(data) ? data : []).slice().sort((a, b) => String(b.update).localeCompare(String(a.update)));
  if (error) return <ErrorAlert error={error} />;
  if (!data) return <Spinner animation="border" size="sm" />;
  if (!rows.length) return <p data-testid={`${kind}-empty`}>{t(`record.${kind}Empty`)}</p>;
  return (
    <Table responsive size="sm" className="align-middle" data-testid={`${kind}-files`}>
      <thead>
        <tr>
          <th>#</th>
          <th>{t('record.state')}</th>
          <th>{t('record.update')}</th>
          <th>{t('record.stream')}</th>
          <th>{t('record.duration')}</th>
          <th>{t('record.size')}</th>
          <th>{t('record.segments')}</th>
          {kind === 'vod' ? <th>{t('record.resolution')}</th> : null}
          <th>{t('record.playlist')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((file, index) => {
          const playlist = recordingPlaylist(site, kind, file);
          const name = file.vhost && file.vhost !== '__defaultVhost__' ? `${file.vhost}/${file.app}/${file.stream}` : `${file.app}/${file.stream}`;
          return (
            <tr key={file.uuid}>
              <td>{index + 1}</td>
              <td title={t('record.autoFinish')}>{file.progress ? <Badge bg="danger">{t('record.recording')}</Badge> : <Badge bg="success">{t('record.done')}</Badge>}</td>
              <td>{file.update ? formatTime(Date.parse(file.update)) : ''}</td>
              <td className="font-monospace">{name}</td>
              <td>{Number(file.duration || 0).toFixed(1)} s</td>
              <td>{(Number(file.size || 0) / 1048576).toFixed(1)} MB</td>
              <td>{file.nn}</td>
              {kind === 'vod' ? <td>{file.task ? `${file.task.width}x${file.task.height}` : ''}</td> : null}
              <td className="text-nowrap">
                {playlist ? (
                  <>
                    <CopyButton text={playlist} label={`${t('helper.copy')} HLS`} />{' '}
                    <a href={playerPage(playlist)} target="_blank" rel="noreferrer">
                      {t('helper.preview')}
                    </a>
                    {kind === 'vod' && file.task?.url ? (
                      <>
                        {' '}
                        <a href={file.task.url} target="_blank" rel="noreferrer">
                          MP4
                        </a>
                      </>
                    ) : null}
                  </>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

export default function Recording({ kind }) {
  const { t } = useTranslation();
  const api = useApi();
  const [state, setState] = useState({ loading: true });
  const [open, setOpen] = useState(null);
  const other = OTHER[kind];

  const load = useCallback(
    (signal, first) =>
      Promise.all([api.post(`/terraform/v1/hooks/${kind}/query`, {}, { signal }), api.post(`/terraform/v1/hooks/${other}/query`, {}, { signal })])
        .then(([mine, theirs]) => {
          setState({ mine, theirs });
          if (first) setOpen(defaultItem(mine, theirs));
        })
        .catch((error) => !signal?.aborted && setState({ error })),
    [api, kind, other],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal, true);
    return () => controller.abort();
  }, [load]);

  if (state.loading) return <Spinner animation="border" size="sm" />;
  if (state.error) return <ErrorAlert error={state.error} />;
  return (
    <Accordion activeKey={open} onSelect={(key) => setOpen(key)} data-testid={`${kind}-tab`}>
      <Accordion.Item eventKey="intro">
        <Accordion.Header>{t('record.introTitle')}</Accordion.Header>
        <Accordion.Body>{t(`record.${kind}Intro`)}</Accordion.Body>
      </Accordion.Item>
      <Accordion.Item eventKey="keys">
        <Accordion.Header data-testid={`${kind}-item-keys`}>{t('record.keysTitle')}</Accordion.Header>
        <Accordion.Body>
          <TencentForm idPrefix={`${kind}-tencent`} onSaved={() => load(undefined, false)} />
        </Accordion.Body>
      </Accordion.Item>
      <Accordion.Item eventKey="rule">
        <Accordion.Header data-testid={`${kind}-item-rule`}>{t(`record.${kind}RuleTitle`)}</Accordion.Header>
        <Accordion.Body>
          <Rule kind={kind} status={state.mine} otherStatus={state.theirs} onSaved={() => load(undefined, false)} />
        </Accordion.Body>
      </Accordion.Item>
      <Accordion.Item eventKey="list">
        <Accordion.Header data-testid={`${kind}-item-list`}>{t(`record.${kind}ListTitle`)}</Accordion.Header>
        <Accordion.Body>
          <Backlog backlog={state.mine.backlog} />
          {open === 'list' ? <Files kind={kind} /> : null}
        </Accordion.Body>
      </Accordion.Item>
    </Accordion>
  );
}
