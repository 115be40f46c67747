// Login (spec/ui.md §5.2, fixed per §9.1.1/§9.1.2): a wrong password keeps the form, an expired
// session says so and returns to the page it came from after login.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Form, Spinner } from 'react-bootstrap';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session.jsx';
import ErrorAlert from '../components/ErrorAlert.jsx';
import { isSessionError } from '../api/client.js';

// Where to go after login: the page the expired session was on, if it is one of ours.
export function afterLogin(next, lang) {
  if (next && /^\/(zh|en)\/routers-[a-z]+/.test(next) && !/routers-(login|logout)/.test(next)) return next;
  return `/${lang}/routers-scenario`;
}

export default function Login() {
  const { t, i18n } = useTranslation();
  const { api, token, saveToken } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [invalid, setInvalid] = useState(false);
  const verified = useRef(null);
  const target = afterLogin(params.get('next'), i18n.language);

  // A stored token: check it with the server, then go on (§5.2).
  useEffect(() => {
    if (!token || verified.current === token.token) return;
    verified.current = token.token;
    api
      .post('/terraform/v1/mgmt/token')
      .then(() => navigate(target, { replace: true }))
      .catch((e) => !isSessionError(e) && setError(e));
  }, [api, token, navigate, target]);

  const submit = async (event) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    if (!password) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setBusy(true);
    try {
      const data = await api.post('/terraform/v1/mgmt/login', { password }, { auth: false });
      saveToken(data);
      verified.current = data.token;
      navigate(target, { replace: true });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Card className="mx-auto" style={{ maxWidth: '32rem' }} data-testid="login-page">
      <Card.Body>
        <Card.Title as="h1" className="h4">
          {t('login.title')}
        </Card.Title>
        {params.get('expired') && !token ? (
          <Alert variant="warning" data-testid="login-expired">
            {t('errs.expired')}
          </Alert>
        ) : null}
        <ErrorAlert error={error} onClose={() => setError(null)} />
        <Form onSubmit={submit} noValidate>
          <Form.Group className="mb-3" controlId="login-password">
            <Form.Label>{t('login.passwordLabel')}</Form.Label>
            <Form.Control
              type={show ? 'text' : 'password'}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoFocus
              autoComplete="current-password"
              isInvalid={invalid}
              data-testid="login-password"
            />
            <Form.Control.Feedback type="invalid">{t('login.noPassword')}</Form.Control.Feedback>
            <Form.Text muted>* {t('login.passwordTip')}</Form.Text>
          </Form.Group>
          <Form.Check className="mb-3" id="login-show" label={t('login.labelShow')} checked={show} onChange={(e) => setShow(e.target.checked)} />
          <Button type="submit" disabled={busy} data-testid="login-submit">
            {busy ? <Spinner animation="border" size="sm" className="me-2" /> : null}
            {t('login.labelLogin')}
          </Button>
        </Form>
      </Card.Body>
    </Card>
  );
}
