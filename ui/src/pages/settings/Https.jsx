// Settings → HTTPS (spec/ui.md §5.6 https, §9.1.10): Let's Encrypt, or upload a key and
// certificate (paste or pick the files), with progress while the request runs.
import { useState } from 'react';
import { Accordion, Button, Form, Spinner } from 'react-bootstrap';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../session.jsx';
import { useAction } from '../../lib/useAction.js';
import ErrorAlert from '../../components/ErrorAlert.jsx';

function PemField({ id, label, tip, value, onChange, invalid, testId }) {
  const { t } = useTranslation();
  const pick = async (event) => {
    const file = event.target.files?.[0];
    if (file) onChange(await file.text());
  };
  return (
    <Form.Group className="mb-3">
      <Form.Label htmlFor={id}>{label}</Form.Label>
      <Form.Control id={id} as="textarea" rows={5} value={value} onChange={(e) => onChange(e.target.value)} isInvalid={invalid && !value.trim()} className="font-monospace small" data-testid={testId} />
      <Form.Control type="file" size="sm" className="mt-1" accept=".pem,.key,.crt,.cer,text/plain" onChange={pick} aria-label={`${t('settings.pickFile')}: ${label}`} data-testid={`${testId}-file`} />
      <Form.Text muted>{tip}</Form.Text>
    </Form.Group>
  );
}

function LetsEncrypt() {
  const { t } = useTranslation();
  const api = useApi();
  const { busy, error, clearError, run } = useAction();
  const [domain, setDomain] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    if (!domain.trim()) return setInvalid(true);
    setInvalid(false);
    await run(() => api.post('/terraform/v1/mgmt/letsencrypt', { domain: domain.trim() }, { timeout: 300000 }), t('settings.sslLetsOk'));
  };
  return (
    <Form onSubmit={submit} noValidate>
      <ErrorAlert error={error} onClose={clearError} />
      <Form.Group className="mb-3" controlId="lets-domain">
        <Form.Label>{t('settings.letsDomain')}</Form.Label>
        <Form.Control value={domain} onChange={(e) => setDomain(e.target.value)} isInvalid={invalid} placeholder="your-domain.com" data-testid="lets-domain" />
        <Form.Control.Feedback type="invalid">{t('settings.sslNoDomain')}</Form.Control.Feedback>
        <Form.Text muted>{t('settings.letsDomainTip')}</Form.Text>
      </Form.Group>
      <Button type="submit" disabled={busy} data-testid="lets-submit">
        {busy ? (
          <>
            <Spinner size="sm" animation="border" className="me-2" />
            {t('settings.letsBusy')}
          </>
        ) : (
          t('settings.letsDomainSubmit')
        )}
      </Button>
    </Form>
  );
}

function Upload() {
  const { t } = useTranslation();
  const api = useApi();
  const { busy, error, clearError, run } = useAction();
  const [key, setKey] = useState('');
  const [crt, setCrt] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    if (!key.trim() || !crt.trim()) return setInvalid(true);
    setInvalid(false);
    await run(() => api.post('/terraform/v1/mgmt/ssl', { key, crt }, { timeout: 60000 }), t('settings.sslOk'));
  };
  return (
    <Form onSubmit={submit} noValidate data-testid="ssl-form">
      <ErrorAlert error={error} onClose={clearError} />
      <PemField id="ssl-key" label={t('settings.sslFileKey')} tip={t('settings.sslFileKeyTip')} value={key} onChange={setKey} invalid={invalid} testId="ssl-key" />
      <PemField id="ssl-crt" label={t('settings.sslFileCert')} tip={t('settings.sslFileCertTip')} value={crt} onChange={setCrt} invalid={invalid} testId="ssl-crt" />
      {invalid ? (
        <div className="invalid-feedback d-block mb-2" data-testid="ssl-invalid">
          {t('settings.sslNoFile')}
        </div>
      ) : null}
      <Button type="submit" disabled={busy} data-testid="ssl-submit">
        {busy ? <Spinner size="sm" animation="border" className="me-2" /> : null}
        {t('settings.sslFileSubmit')}
      </Button>
    </Form>
  );
}

export default function Https() {
  const { t } = useTranslation();
  return (
    <Accordion defaultActiveKey="upload" alwaysOpen>
      <Accordion.Item eventKey="lets">
        <Accordion.Header>HTTPS: Let&apos;s Encrypt</Accordion.Header>
        <Accordion.Body>
          <LetsEncrypt />
        </Accordion.Body>
      </Accordion.Item>
      <Accordion.Item eventKey="upload">
        <Accordion.Header>{t('settings.sslFileTitle')}</Accordion.Header>
        <Accordion.Body>
          <Upload />
        </Accordion.Body>
      </Accordion.Item>
    </Accordion>
  );
}
