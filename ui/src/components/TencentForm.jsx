// Tencent Cloud credentials (spec/ui.md §5.10): never pre-filled; cloud resources are created
// by the tencent daemon, which can take a while.
import { useState } from 'react';
import { Button, Form, Spinner } from 'react-bootstrap';
import { useTranslation } from 'react-i18next';
import { useApi } from '../session.jsx';
import { useAction } from '../lib/useAction.js';
import ErrorAlert from './ErrorAlert.jsx';
import SecretInput from './SecretInput.jsx';

export default function TencentForm({ onSaved, idPrefix = 'tencent' }) {
  const { t } = useTranslation();
  const api = useApi();
  const { busy, error, clearError, run } = useAction();
  const [secretId, setSecretId] = useState('');
  const [secretKey, setSecretKey] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    if (!secretId.trim() || !secretKey.trim()) return setInvalid(true);
    setInvalid(false);
    const done = await run(() => api.post('/terraform/v1/tencent/cam/secret', { secretId: secretId.trim(), secretKey: secretKey.trim() }, { timeout: 120000 }), t('tencent.secretOk'));
    if (done.ok) onSaved?.();
  };
  return (
    <Form onSubmit={submit} noValidate data-testid={`${idPrefix}-form`}>
      <ErrorAlert error={error} onClose={clearError} />
      <Form.Group className="mb-3" controlId={`${idPrefix}-id`}>
        <Form.Label>SecretId</Form.Label>
        <Form.Control value={secretId} onChange={(e) => setSecretId(e.target.value)} isInvalid={invalid && !secretId.trim()} autoComplete="off" />
        <Form.Text muted>
          {t('tencent.secretIdTip')},{' '}
          <a href="https://console.cloud.tencent.com/cam/capi" target="_blank" rel="noreferrer">
            {t('tencent.secretGet')}
          </a>
        </Form.Text>
      </Form.Group>
      <Form.Group className="mb-3">
        <Form.Label htmlFor={`${idPrefix}-key`}>SecretKey</Form.Label>
        <SecretInput id={`${idPrefix}-key`} value={secretKey} onChange={setSecretKey} isInvalid={invalid && !secretKey.trim()} feedback={t('tencent.noSecret')} />
        <Form.Text muted>{t('tencent.secretKeyTip')}</Form.Text>
      </Form.Group>
      <Button type="submit" disabled={busy}>
        {busy ? <Spinner size="sm" animation="border" className="me-2" /> : null}
        {t('tencent.secretSubmit')}
      </Button>
      <Form.Text className="d-block mt-2" muted>
        {t('tencent.secretSubmitTip')}
      </Form.Text>
    </Form>
  );
}
