// Settings → Authentication (spec/ui.md §5.6 auth, §9.1.8): the current publish secret
// (masked, reveal, copy), a generator, and the same rules hooks applies.
import { useEffect, useState } from 'react';
import { Button, Form, Spinner } from 'react-bootstrap';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../session.jsx';
import { useAction } from '../../lib/useAction.js';
import { isValidPublishSecret, randomToken } from '../../lib/secrets.js';
import ErrorAlert from '../../components/ErrorAlert.jsx';
import CopyButton from '../../components/CopyButton.jsx';
import SecretInput from '../../components/SecretInput.jsx';

export default function Auth() {
  const { t } = useTranslation();
  const api = useApi();
  const [current, setCurrent] = useState({ loading: true });
  const [secret, setSecret] = useState('');
  const [invalid, setInvalid] = useState(null);
  const { busy, error, clearError, run } = useAction();

  useEffect(() => {
    const controller = new AbortController();
    api
      .post('/terraform/v1/hooks/srs/secret/query', {}, { signal: controller.signal })
      .then((data) => setCurrent({ value: data?.publish || '' }))
      .catch((e) => !controller.signal.aborted && setCurrent({ error: e }));
    return () => controller.abort();
  }, [api]);

  const submit = async (event) => {
    event.preventDefault();
    if (!secret) return setInvalid(t('settings.secretNoValue'));
    if (!isValidPublishSecret(secret)) return setInvalid(t('settings.secretInvalid'));
    setInvalid(null);
    const done = await run(() => api.post('/terraform/v1/hooks/srs/secret/update', { secret }), t('settings.secretOk'));
    if (done.ok) {
      setCurrent({ value: secret });
      setSecret('');
    }
  };

  return (
    <div style={{ maxWidth: '40rem' }}>
      <h2 className="h5">{t('settings.authCurrent')}</h2>
      <ErrorAlert error={current.error} />
      {current.loading ? <Spinner size="sm" animation="border" /> : null}
      {current.value !== undefined ? (
        <Form.Group className="mb-4">
          <Form.Label htmlFor="current-secret" className="visually-hidden">
            {t('settings.authCurrent')}
          </Form.Label>
          <SecretInput id="current-secret" value={current.value} readOnly testId="current-secret">
            <CopyButton text={current.value} testId="current-secret-copy" />
          </SecretInput>
        </Form.Group>
      ) : null}
      <h2 className="h5">{t('settings.authTitle')}</h2>
      <ErrorAlert error={error} onClose={clearError} />
      <Form onSubmit={submit} noValidate>
        <Form.Group className="mb-3" controlId="new-secret">
          <Form.Label>{t('settings.authSecret')}</Form.Label>
          <div className="d-flex gap-2">
            <Form.Control value={secret} onChange={(e) => setSecret(e.target.value)} isInvalid={!!invalid} className="font-monospace" autoComplete="off" data-testid="new-secret" />
            <Button variant="outline-secondary" onClick={() => setSecret(randomToken(16))} data-testid="generate-secret">
              {t('settings.generate')}
            </Button>
          </div>
          {invalid ? (
            <div className="invalid-feedback d-block" data-testid="secret-invalid">
              {invalid}
            </div>
          ) : null}
          <Form.Text muted>{t('settings.authSecretTip')}</Form.Text>
        </Form.Group>
        <Button type="submit" disabled={busy} data-testid="secret-submit">
          {busy ? <Spinner size="sm" animation="border" className="me-2" /> : null}
          {t('settings.authSubmit')}
        </Button>
      </Form>
    </div>
  );
}
