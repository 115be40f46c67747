// Components page (spec/ui.md §5.7, §9.1.12): the managed services with colour-coded state,
// the host's versions, the auto-upgrade switch (from /status) and the upgrade with progress
// driven by /status and /versions. Disabling/switching services sits behind "Advanced" (or
// the original's allow-* query flags).
import { useEffect, useState } from 'react';
import { Badge, Button, Card, Col, Form, Modal, Row, Spinner } from 'react-bootstrap';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useApi } from '../session.jsx';
import { useAction } from '../lib/useAction.js';
import { usePoll } from '../lib/usePoll.js';
import { compareVersions } from '../lib/version.js';
import ErrorAlert from '../components/ErrorAlert.jsx';

export const CONTAINER_CARDS = [
  ['srs4', 'srs-server'],
  ['srs5', 'srs-dev'],
  ['hooks', 'srs-hooks'],
  ['ffmpeg', 'ffmpeg'],
  ['tencent', 'tencent-cloud'],
  ['prometheus', 'prometheus'],
  ['node', 'node-exporter'],
  ['platform', 'platform'],
];
const UPGRADE_TIMEOUT_MS = 10 * 60 * 1000;

function stateBadge(item, t) {
  const state = item?.container?.State;
  if (!item?.container?.ID) return <Badge bg="secondary">{item?.enabled === false ? t('coms.disabled') : t('coms.noContainer')}</Badge>;
  const colour = state === 'running' ? 'success' : state === 'restarting' ? 'warning' : 'danger';
  return <Badge bg={colour}>{[state, item.container.Status].filter(Boolean).join(' ') || t('coms.stopped')}</Badge>;
}

function Confirm({ show, text, onConfirm, onCancel }) {
  const { t } = useTranslation();
  return (
    <Modal show={show} onHide={onCancel} centered>
      <Modal.Header closeButton>
        <Modal.Title className="h6">{t('helper.confirmTitle')}</Modal.Title>
      </Modal.Header>
      <Modal.Body>{text}</Modal.Body>
      <Modal.Footer>
        <Button variant="secondary" onClick={onCancel}>
          {t('helper.cancel')}
        </Button>
        <Button variant="danger" onClick={onConfirm} data-testid="confirm-ok">
          {t('helper.confirm')}
        </Button>
      </Modal.Footer>
    </Modal>
  );
}

function HostCard({ advanced, force }) {
  const { t } = useTranslation();
  const api = useApi();
  const { busy, error, clearError, run } = useAction();
  const status = usePoll((signal) => api.post('/terraform/v1/mgmt/status', {}, { signal }), 10000, [api]);
  const [confirm, setConfirm] = useState(null);
  const [upgrade, setUpgrade] = useState(null); // {from, started} while an upgrade runs
  const s = status.data;

  useEffect(() => {
    if (!upgrade || !s) return;
    if (!s.upgrading && s.version && s.version !== upgrade.from) setUpgrade({ ...upgrade, done: true });
    else if (Date.now() - upgrade.started > UPGRADE_TIMEOUT_MS) setUpgrade({ ...upgrade, failed: true });
  }, [s]); // eslint-disable-line react-hooks/exhaustive-deps

  const newer = s && compareVersions(s.version, s.releases?.latest) === -1;
  const upgrading = (upgrade && !upgrade.done && !upgrade.failed) || s?.upgrading;
  const startUpgrade = async () => {
    setConfirm(null);
    const done = await run(() => api.post('/terraform/v1/mgmt/upgrade'));
    if (done.ok) setUpgrade({ from: s?.version, started: Date.now() });
  };
  const toggleStrategy = async () => {
    setConfirm(null);
    const done = await run(() => api.post('/terraform/v1/mgmt/strategy'), t('coms.strategyOk'));
    if (done.ok) status.reload();
  };

  return (
    <Card className="h-100">
      <Card.Header>{t('coms.host')}</Card.Header>
      <Card.Body>
        <ErrorAlert error={error || status.error} onClose={clearError} />
        {s ? (
          <>
            <div>
              {t('coms.version')}: v{s.version}
            </div>
            <div>
              {t('coms.stable')}: v{s.releases?.stable}
            </div>
            <div>
              {t('coms.latest')}:{' '}
              <a href="https://github.com/ossrs/srs/issues/2856#changelog" target="_blank" rel="noreferrer">
                v{s.releases?.latest}
              </a>
            </div>
            <Form.Check
              type="switch"
              id="auto-upgrade"
              className="my-2"
              label={t('coms.autoUpgrade')}
              title={t('coms.autoUpgradeTip')}
              checked={s.strategy === 'auto'}
              disabled={busy || !advanced}
              onChange={() => (s.strategy === 'auto' ? setConfirm('strategy') : toggleStrategy())}
            />
            {upgrade?.done ? <div className="text-success">{t('coms.upgradeOk')}</div> : null}
            {upgrade?.failed ? <div className="text-danger">{t('coms.upgradeTimeout')}</div> : null}
            <Button variant="warning" disabled={busy || upgrading || !(newer || force)} onClick={() => setConfirm('upgrade')}>
              {upgrading ? (
                <>
                  <Spinner size="sm" animation="border" className="me-2" />
                  {t('coms.upgrading')}
                </>
              ) : (
                t('helper.upgrade')
              )}
            </Button>
          </>
        ) : (
          !status.error && <Spinner size="sm" animation="border" />
        )}
      </Card.Body>
      <Confirm show={confirm === 'upgrade'} text={t('coms.upgradeTip')} onConfirm={startUpgrade} onCancel={() => setConfirm(null)} />
      <Confirm show={confirm === 'strategy'} text={t('coms.disableUpgrade')} onConfirm={toggleStrategy} onCancel={() => setConfirm(null)} />
    </Card>
  );
}

export default function Components() {
  const { t } = useTranslation();
  const api = useApi();
  const [params] = useSearchParams();
  const [advanced, setAdvanced] = useState(['allow-manual', 'allow-disable', 'allow-switch'].some((flag) => params.get(flag) === 'true'));
  const force = params.get('allow-force') === 'true';
  const containers = usePoll((signal) => api.post('/terraform/v1/mgmt/containers', { action: 'query' }, { signal }), 0, [api]);
  const { busy, error, clearError, run } = useAction();
  const [confirm, setConfirm] = useState(null);
  const byName = new Map((Array.isArray(containers.data) ? containers.data : []).map((item) => [item.name, item]));
  const srsRunning = (name) => byName.get(name)?.enabled !== false && byName.get(name)?.container?.ID;

  const act = async (body, text) => {
    setConfirm(null);
    const done = await run(() => api.post('/terraform/v1/mgmt/containers', body), text);
    if (done.ok) containers.reload();
  };

  return (
    <>
      <div className="d-flex justify-content-end mb-2">
        <Form.Check type="switch" id="advanced" label={t('coms.advanced')} checked={advanced} onChange={(e) => setAdvanced(e.target.checked)} />
      </div>
      <ErrorAlert error={error || containers.error} onClose={clearError} />
      <Row xs={1} sm={2} lg={3} className="g-3">
        {CONTAINER_CARDS.map(([label, name]) => {
          const item = byName.get(name);
          const isSrs = name === 'srs-server' || name === 'srs-dev';
          const other = name === 'srs-server' ? 'srs-dev' : 'srs-server';
          return (
            <Col key={name}>
              <Card className="h-100" data-testid={`container-${name}`}>
                <Card.Header>{t(`coms.${label}`)}</Card.Header>
                <Card.Body>
                  <div>
                    {t('coms.containerName')}: {name}
                  </div>
                  <div className="text-truncate">
                    {t('coms.containerId')}: {item?.container?.ID ? item.container.ID.slice(0, 12) : t('coms.noContainer')}
                  </div>
                  <div>
                    {t('coms.containerState')}: {containers.data ? stateBadge(item, t) : <Spinner size="sm" animation="border" />}
                  </div>
                  {advanced && item && name !== 'platform' ? (
                    <div className="d-flex gap-2 mt-2 flex-wrap">
                      <Button
                        size="sm"
                        variant={item.enabled ? 'outline-danger' : 'outline-success'}
                        disabled={busy}
                        onClick={() => (item.enabled ? setConfirm({ name }) : act({ action: 'enabled', name, enabled: true }, t('coms.enabledOk')))}
                      >
                        {item.enabled ? t('helper.disable') : t('helper.enable')}
                      </Button>
                      {isSrs && !srsRunning(name) && srsRunning(other) ? (
                        <Button size="sm" variant="outline-warning" disabled={busy} onClick={() => setConfirm({ switch: name })}>
                          {t('helper.switch')}
                        </Button>
                      ) : null}
                    </div>
                  ) : null}
                </Card.Body>
              </Card>
            </Col>
          );
        })}
        <Col>
          <HostCard advanced={advanced} force={force} />
        </Col>
      </Row>
      <Confirm show={!!confirm?.name} text={t('coms.disableContainer')} onConfirm={() => act({ action: 'enabled', name: confirm.name, enabled: false }, t('coms.enabledOk'))} onCancel={() => setConfirm(null)} />
      <Confirm
        show={!!confirm?.switch}
        text={confirm?.switch === 'srs-dev' ? t('coms.switchConfirmDev') : t('coms.switchConfirm')}
        onConfirm={() => act({ action: 'switch', name: confirm.switch }, t('coms.switchOk'))}
        onCancel={() => setConfirm(null)}
      />
    </>
  );
}
