// Settings → Platform (spec/ui.md §5.6 platform, §9.1.11): platform-admin SSH access and the
// automatic upgrade window.
import { useEffect, useState } from 'react';
import { Button, Card, Form, Spinner } from 'react-bootstrap';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../session.jsx';
import { useAction } from '../../lib/useAction.js';
import { durationOf, endOf, hourLabel, isValidWindow } from '../../lib/upgradeWindow.js';
import ErrorAlert from '../../components/ErrorAlert.jsx';

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

function Ssh() {
  const { t } = useTranslation();
  const api = useApi();
  const { busy, error, clearError, run } = useAction();
  const set = (enabled) => run(() => api.post('/terraform/v1/mgmt/pubkey', { enabled }), t(enabled ? 'settings.sshEnable' : 'settings.sshDisable'));
  return (
    <>
      <ErrorAlert error={error} onClose={clearError} />
      <p>{t('settings.platformPubkeyTip')}</p>
      <div className="d-flex gap-2">
        <Button variant="primary" disabled={busy} onClick={() => set(true)}>
          {t('settings.platformAccessEnable')}
        </Button>
        <Button variant="outline-danger" disabled={busy} onClick={() => set(false)}>
          {t('settings.platformAccessDisable')}
        </Button>
      </div>
    </>
  );
}

function UpgradeWindow() {
  const { t } = useTranslation();
  const api = useApi();
  const { busy, error, clearError, run } = useAction();
  const [state, setState] = useState({ loading: true });
  const [start, setStart] = useState(23);
  const [end, setEnd] = useState(5);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    api
      .post('/terraform/v1/mgmt/window/query', {}, { signal: controller.signal })
      .then((data) => {
        // Not set yet: the backend's own default window, 23:00 for 6 hours.
        const first = data?.start ?? 23;
        setStart(Number(first));
        setEnd(endOf(first, data?.duration ?? 6));
        setState({});
      })
      .catch((e) => !controller.signal.aborted && setState({ error: e }));
    return () => controller.abort();
  }, [api]);
  const submit = async (event) => {
    event.preventDefault();
    if (!isValidWindow(start, end)) return setInvalid(true);
    setInvalid(false);
    await run(() => api.post('/terraform/v1/mgmt/window/update', { start, duration: durationOf(start, end) }), t('settings.upgradeWindowOk'));
  };
  if (state.loading) return <Spinner size="sm" animation="border" />;
  if (state.error) return <ErrorAlert error={state.error} />;
  const select = (id, label, value, onChange) => (
    <Form.Group controlId={id}>
      <Form.Label>{label}</Form.Label>
      <Form.Select value={value} onChange={(e) => onChange(Number(e.target.value))} data-testid={id}>
        {HOURS.map((hour) => (
          <option key={hour} value={hour}>
            {hourLabel(hour)}
          </option>
        ))}
      </Form.Select>
    </Form.Group>
  );
  return (
    <Form onSubmit={submit} noValidate>
      <ErrorAlert error={error} onClose={clearError} />
      <p className="mb-2">{t('settings.upgradeTip')}</p>
      <div className="d-flex gap-3 mb-3 flex-wrap">
        {select('upgrade-start', t('settings.upgradeStart'), start, setStart)}
        {select('upgrade-end', t('settings.upgradeEnd'), end, setEnd)}
      </div>
      {invalid ? (
        <div className="invalid-feedback d-block mb-2" data-testid="window-invalid">
          {t('settings.upgradeWindowInvalid')}
        </div>
      ) : null}
      <Button type="submit" disabled={busy} data-testid="window-submit">
        {t('settings.upgradeSubmit')}
      </Button>
    </Form>
  );
}

export default function Platform() {
  const { t } = useTranslation();
  return (
    <div className="d-grid gap-3" style={{ maxWidth: '48rem' }}>
      <Card>
        <Card.Header>{t('settings.platformSsh')}</Card.Header>
        <Card.Body>
          <Ssh />
        </Card.Body>
      </Card>
      <Card>
        <Card.Header>{t('settings.upgradeTitle')}</Card.Header>
        <Card.Body>
          <UpgradeWindow />
        </Card.Body>
      </Card>
    </div>
  );
}
