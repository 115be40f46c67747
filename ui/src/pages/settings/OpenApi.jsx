// Settings → OpenAPI (spec/ui.md §5.6 api, §9.1.19): the API secret (masked, copy), creating a
// token with it, and one call made with that token.
import { useEffect, useState } from 'react';
import { Accordion, Alert, Button, Form, Spinner } from 'react-bootstrap';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../session.jsx';
import ErrorAlert from '../../components/ErrorAlert.jsx';
import CopyButton from '../../components/CopyButton.jsx';
import SecretInput from '../../components/SecretInput.jsx';

function Call({ api: path, body, shownBody, onDone, testId }) {
  const { t } = useTranslation();
  const api = useApi();
  const [state, setState] = useState({});
  const runCall = async () => {
    setState({ busy: true });
    try {
      const data = await api.post(path, body, { auth: false });
      const response = { code: 0, data };
      setState({ response });
      onDone?.(data);
    } catch (error) {
      setState({ error });
    }
  };
  return (
    <div data-testid={testId}>
      <div className="mb-1">
        API: <code>POST {path}</code>
      </div>
      <div className="mb-2">
        Body: <code className="text-break">{JSON.stringify(shownBody)}</code>
      </div>
      <Button size="sm" onClick={state.response ? () => setState({}) : runCall} disabled={state.busy} data-testid={`${testId}-run`}>
        {state.busy ? <Spinner size="sm" animation="border" className="me-2" /> : null}
        {state.response ? t('openapi.reset') : t('openapi.run')}
      </Button>
      <ErrorAlert error={state.error} onClose={() => setState({})} />
      {state.response ? (
        <div className="mt-2">
          <div className="d-flex align-items-center gap-2">
            {t('openapi.response')}: <CopyButton text={JSON.stringify(state.response)} />
          </div>
          <pre className="bg-body-tertiary p-2 rounded small text-break" style={{ whiteSpace: 'pre-wrap' }} data-testid={`${testId}-response`}>
            {JSON.stringify(state.response, null, 2)}
          </pre>
        </div>
      ) : null}
    </div>
  );
}

export default function OpenApi() {
  const { t } = useTranslation();
  const api = useApi();
  const [secret, setSecret] = useState({ loading: true });
  const [token, setToken] = useState(null);
  useEffect(() => {
    const controller = new AbortController();
    api
      .post('/terraform/v1/mgmt/secret/query', {}, { signal: controller.signal })
      .then((data) => setSecret({ value: typeof data === 'string' ? data : data?.secret || '' }))
      .catch((error) => !controller.signal.aborted && setSecret({ error }));
    return () => controller.abort();
  }, [api]);
  return (
    <Accordion defaultActiveKey={['token', 'call']} alwaysOpen>
      <Accordion.Item eventKey="intro">
        <Accordion.Header>{t('openapi.title')}</Accordion.Header>
        <Accordion.Body>
          <p>{t('openapi.summary')}</p>
          <p className="mb-0">
            {t('openapi.usage1')} {t('openapi.usage2')}
          </p>
        </Accordion.Body>
      </Accordion.Item>
      <Accordion.Item eventKey="secret">
        <Accordion.Header>{t('openapi.secret')}</Accordion.Header>
        <Accordion.Body>
          <ErrorAlert error={secret.error} />
          {secret.value !== undefined ? (
            <Form.Group>
              <Form.Label htmlFor="api-secret">ApiSecret</Form.Label>
              <SecretInput id="api-secret" value={secret.value} readOnly testId="api-secret">
                <CopyButton text={secret.value} label={t('openapi.secretCopy')} />
              </SecretInput>
              <Form.Text muted>{t('openapi.secretTip')}</Form.Text>
            </Form.Group>
          ) : null}
        </Accordion.Body>
      </Accordion.Item>
      <Accordion.Item eventKey="token">
        <Accordion.Header>{t('openapi.token')}</Accordion.Header>
        <Accordion.Body>
          {secret.value !== undefined ? (
            <Call
              api="/terraform/v1/mgmt/secret/token"
              body={{ apiSecret: secret.value }}
              shownBody={{ apiSecret: '*'.repeat(secret.value.length) }}
              onDone={(data) => setToken(data?.token || null)}
              testId="api-token"
            />
          ) : null}
          {token ? (
            <Alert variant="warning" className="mt-2 mb-0 small">
              {t('openapi.tokenWarning')}
            </Alert>
          ) : null}
        </Accordion.Body>
      </Accordion.Item>
      <Accordion.Item eventKey="call">
        <Accordion.Header>{t('openapi.apiPublishSecret')}</Accordion.Header>
        <Accordion.Body>
          {token ? (
            <Call api="/terraform/v1/hooks/srs/secret/query" body={{ token }} shownBody={{ token }} testId="api-publish" />
          ) : (
            <p className="mb-0" data-testid="api-no-token">
              {t('openapi.tokenEmpty')} <code>{t('openapi.token')}</code>
            </p>
          )}
        </Accordion.Body>
      </Accordion.Item>
    </Accordion>
  );
}
