// Settings → Footer (spec/ui.md §5.6 beian, §9.1.9): pre-filled, and the page footer follows
// at once.
import { useEffect, useState } from 'react';
import { Button, Form, Spinner } from 'react-bootstrap';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.jsx';
import { useAction } from '../../lib/useAction.js';
import ErrorAlert from '../../components/ErrorAlert.jsx';

export default function Footer() {
  const { t } = useTranslation();
  const { api, refreshFooter } = useSession();
  const { busy, error, clearError, run } = useAction();
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    api
      .get('/terraform/v1/mgmt/beian/query', { signal: controller.signal })
      .then((data) => setText(data?.icp || ''))
      .catch(() => {});
    return () => controller.abort();
  }, [api]);
  const submit = async (event) => {
    event.preventDefault();
    if (!text.trim()) return setInvalid(true); // the backend refuses an empty text (1000)
    setInvalid(false);
    const done = await run(() => api.post('/terraform/v1/mgmt/beian/update', { beian: 'icp', text: text.trim() }), t('settings.footer'));
    if (done.ok) refreshFooter();
  };
  return (
    <Form onSubmit={submit} noValidate style={{ maxWidth: '40rem' }}>
      <h2 className="h5">{t('settings.footerTitle')}</h2>
      <ErrorAlert error={error} onClose={clearError} />
      <Form.Group className="mb-3" controlId="footer-text">
        <Form.Label>{t('settings.footerIcp')}</Form.Label>
        <Form.Control value={text} onChange={(e) => setText(e.target.value)} placeholder={t('settings.footerHolder')} isInvalid={invalid} data-testid="footer-text" />
        <Form.Control.Feedback type="invalid">{t('settings.footerEmpty')}</Form.Control.Feedback>
      </Form.Group>
      <Button type="submit" disabled={busy} data-testid="footer-submit">
        {busy ? <Spinner size="sm" animation="border" className="me-2" /> : null}
        {t('settings.footerSubmit')}
      </Button>
    </Form>
  );
}
