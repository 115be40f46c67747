// An API failure shown inside the page, which stays usable (spec/ui.md §2.6 and §9.1.1): the
// same details as the original's panel, dismissible, with the special 2001 "login again" text.
import { Alert } from 'react-bootstrap';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client.js';

export function errorSummary(error) {
  if (error instanceof ApiError) {
    return error.code !== null ? `${error.code}: ${error.message}` : `${error.status || ''} ${error.message}`.trim();
  }
  return error?.message || String(error);
}

export default function ErrorAlert({ error, onClose, title }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const body = (() => {
    if (error instanceof ApiError && error.tokenExpired) {
      return (
        <>
          <p className="mb-1">
            {t('errs.expire1')}
            <Link to={`/${i18n.language}/routers-logout`}>{t('errs.expire2')}</Link>
          </p>
          <div>{t('errs.code')}: 2001</div>
          <pre className="mb-0">{error.message}</pre>
        </>
      );
    }
    if (error instanceof ApiError) {
      return (
        <>
          <div>
            {t('errs.request')}: {error.url}
          </div>
          {error.status ? (
            <div>
              {t('errs.status')}: {error.status} {error.statusText}
            </div>
          ) : null}
          {error.code !== null ? (
            <div data-testid="error-code">
              {t('errs.code')}: {error.code}
            </div>
          ) : null}
          <div data-testid="error-message">
            {t('errs.message')}: {error.message}
          </div>
          {error.body && typeof error.body === 'object' ? <pre className="mb-0 small">{JSON.stringify(error.body, null, 2)}</pre> : null}
        </>
      );
    }
    return (
      <>
        <div>
          {error?.name || 'Error'}: {error?.message || String(error)}
        </div>
      </>
    );
  })();
  return (
    <Alert variant="danger" dismissible={!!onClose} onClose={onClose} data-testid="error-alert">
      <Alert.Heading as="h6">{title || t('errs.title')}</Alert.Heading>
      {body}
    </Alert>
  );
}
