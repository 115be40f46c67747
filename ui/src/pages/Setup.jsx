// First run: choose the admin password (spec/ui.md §5.1, fixed per §9.1.5: a strong
// suggestion, a minimum length, a show/hide toggle, errors shown in place).
import { useState } from 'react';
import { Alert, Button, Card, Form, InputGroup, Spinner } from 'react-bootstrap';
import { Eye, EyeSlash } from 'react-bootstrap-icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session.jsx';
import ErrorAlert from '../components/ErrorAlert.jsx';
import { MIN_PASSWORD_LENGTH, randomToken } from '../lib/secrets.js';

export default function Setup() {
  const { t, i18n } = useTranslation();
  const { api, upgrading, saveToken, markInitialized } = useSession();
  const navigate = useNavigate();
  const [password, setPassword] = useState(() => randomToken(16));
  const [visible, setVisible] = useState(true);
  const [busy, setBusy] = useState(false);
  const [invalid, setInvalid] = useState(null);
  const [error, setError] = useState(null);

  const submit = async (event) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    if (password.length < MIN_PASSWORD_LENGTH) {
      setInvalid(t('setup.tooShort', { count: MIN_PASSWORD_LENGTH }));
      return;
    }
    setInvalid(null);
    setBusy(true);
    try {
      const data = await api.post('/terraform/v1/mgmt/init', { password }, { auth: false });
      if (!data?.token) throw new Error('the server did not answer a token');
      saveToken(data);
      markInitialized();
      navigate(`/${i18n.language}/routers-scenario`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Card className="mx-auto" style={{ maxWidth: '32rem' }} data-testid="setup-page">
      <Card.Body>
        <Card.Title as="h1" className="h4">
          {t('setup.title')}
        </Card.Title>
        <ErrorAlert error={error} onClose={() => setError(null)} />
        {upgrading ? <Alert variant="warning">{t('setup.upgrading')}</Alert> : null}
        <Form onSubmit={submit} noValidate>
          <Form.Group className="mb-3" controlId="setup-password">
            <Form.Label>{t('setup.passwordLabel')}</Form.Label>
            <InputGroup hasValidation>
              <Form.Control
                type={visible && !busy ? 'text' : 'password'}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                isInvalid={!!invalid}
                autoComplete="new-password"
                className="font-monospace"
                data-testid="setup-password"
              />
              <Button variant="outline-secondary" onClick={() => setVisible(!visible)} aria-label={t('login.labelShow')}>
                {visible ? <EyeSlash aria-hidden /> : <Eye aria-hidden />}
              </Button>
              <Form.Control.Feedback type="invalid" data-testid="setup-invalid">
                {invalid}
              </Form.Control.Feedback>
            </InputGroup>
            <Form.Text muted>* {t('setup.passwordTip', { count: MIN_PASSWORD_LENGTH })}</Form.Text>
          </Form.Group>
          <Button type="submit" variant="primary" disabled={upgrading || busy} data-testid="setup-submit">
            {busy ? (
              <>
                <Spinner animation="border" size="sm" variant="light" className="me-2" />
                {t('setup.labelInit')}
              </>
            ) : (
              t('setup.labelNormal')
            )}
          </Button>
        </Form>
      </Card.Body>
    </Card>
  );
}
