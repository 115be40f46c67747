// The application shell (spec/ui.md §2): boot calls, the route map with its locale handling,
// the navbar and footer around the page the state allows.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Container, Spinner } from 'react-bootstrap';
import { Navigate, Route, Routes, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { clearToken, createApi, prometheusCookie, readToken, storeToken } from './api/client.js';
import { chooseLocale, deploymentLocale, isLocale, readStoredLocale, storeLocale } from './lib/locale.js';
import { SessionContext, useSession } from './session.jsx';
import { ToastProvider } from './components/Toasts.jsx';
import ErrorAlert from './components/ErrorAlert.jsx';
import Navigator from './components/Navigator.jsx';
import Footer from './components/Footer.jsx';
import Setup from './pages/Setup.jsx';
import Login from './pages/Login.jsx';
import Logout from './pages/Logout.jsx';

// Pages behind login load on first use: the login screen stays small on a phone.
const Dashboard = lazy(() => import('./pages/Dashboard.jsx'));
const Scenario = lazy(() => import('./pages/Scenario.jsx'));
const Settings = lazy(() => import('./pages/Settings.jsx'));
const Components = lazy(() => import('./pages/Components.jsx'));
const Contact = lazy(() => import('./pages/Contact.jsx'));

const PAGES = {
  'routers-dashboard': Dashboard,
  'routers-scenario': Scenario,
  'routers-settings': Settings,
  'routers-components': Components,
  'routers-contact': Contact,
  'routers-logout': Logout,
  'routers-login': Login,
};

// The token object {token, ...} or null, as the cookie mgmt reads at /prometheus.
function shareWithPrometheus(stored) {
  document.cookie = prometheusCookie(stored?.token || null, window.location.protocol === 'https:');
}

function defaultLocale() {
  return chooseLocale({
    stored: readStoredLocale(window.localStorage),
    browser: navigator.language,
    deployment: deploymentLocale(document),
  });
}

// `/` and locale-less paths get the locale (only the first segment is kept, §2.2).
function LocaleRedirect() {
  const { search } = useLocation();
  return <Navigate replace to={`/${defaultLocale()}/routers-login${search}`} />;
}

function LocalePage() {
  const { locale, '*': rest = '' } = useParams();
  const { search } = useLocation();
  const { i18n } = useTranslation();
  const valid = isLocale(locale);

  useEffect(() => {
    if (!valid) return;
    if (i18n.language !== locale) i18n.changeLanguage(locale);
    if (readStoredLocale(window.localStorage) !== locale) storeLocale(window.localStorage, locale);
    document.documentElement.lang = locale;
  }, [valid, locale, i18n]);

  if (!valid) return <Navigate replace to={`/${defaultLocale()}/${locale}${search}`} />;
  if (i18n.language !== locale) return null; // one render until the language is switched
  return <Shell page={rest.split('/')[0]} />;
}

function Shell({ page }) {
  const { initialized, token } = useSession();
  let Page;
  if (!initialized) Page = Setup;
  else if (!token) Page = Login;
  else Page = PAGES[page] || Login;
  return (
    <>
      <Navigator page={page} />
      <Container as="main" className="py-3" fluid="lg">
        <Suspense fallback={<Spinner animation="border" size="sm" role="status" />}>
          <Page />
        </Suspense>
      </Container>
      <Footer />
    </>
  );
}

export default function App() {
  const navigate = useNavigate();
  const location = useLocation();
  const where = useRef(location);
  where.current = location;
  const [boot, setBoot] = useState({ state: 'loading' });
  const [token, setToken] = useState(() => {
    const stored = readToken(window.localStorage);
    shareWithPrometheus(stored);
    return stored;
  });
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const [footerVersion, setFooterVersion] = useState(0);

  const expired = useCallback(() => {
    if (!tokenRef.current) return;
    clearToken(window.localStorage);
    shareWithPrometheus(null);
    tokenRef.current = null;
    setToken(null);
    const { pathname, search } = where.current;
    const lang = pathname.split('/')[1];
    const next = encodeURIComponent(`${pathname}${search}`);
    navigate(`/${isLocale(lang) ? lang : defaultLocale()}/routers-login?expired=1&next=${next}`, { replace: true });
  }, [navigate]);

  const api = useMemo(() => createApi({ getToken: () => tokenRef.current?.token || null, onExpired: expired }), [expired]);

  const session = useMemo(
    () => ({
      api,
      token,
      initialized: boot.initialized,
      upgrading: boot.upgrading,
      saveToken(data) {
        storeToken(window.localStorage, data);
        shareWithPrometheus(data);
        tokenRef.current = data;
        setToken(data);
      },
      forgetToken() {
        clearToken(window.localStorage);
        shareWithPrometheus(null);
        tokenRef.current = null;
        setToken(null);
      },
      markInitialized() {
        setBoot((current) => ({ ...current, initialized: true }));
      },
      footerVersion,
      refreshFooter() {
        setFooterVersion((v) => v + 1);
      },
    }),
    [api, token, boot, footerVersion],
  );

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([
      api.get('/terraform/v1/mgmt/init', { signal: controller.signal }),
      api.get('/terraform/v1/mgmt/check', { signal: controller.signal }),
    ])
      .then(([init, check]) => setBoot({ state: 'ready', initialized: !!init?.init, upgrading: !!check?.upgrading }))
      .catch((error) => {
        if (!controller.signal.aborted) setBoot({ state: 'error', error });
      });
    return () => controller.abort();
  }, [api]);

  if (boot.state === 'loading') {
    return (
      <div className="p-4 d-flex align-items-center gap-2" role="status">
        <Spinner animation="border" size="sm" /> Loading...
      </div>
    );
  }
  if (boot.state === 'error') {
    return (
      <Container className="py-4">
        <ErrorAlert error={boot.error} />
        <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
          Reload
        </button>
      </Container>
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <ToastProvider>
        <Routes>
          <Route path="/" element={<LocaleRedirect />} />
          <Route path="/:locale/*" element={<LocalePage />} />
        </Routes>
      </ToastProvider>
    </SessionContext.Provider>
  );
}
