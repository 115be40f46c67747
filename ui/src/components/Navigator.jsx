// The navigation bar (spec/ui.md §2.4): items by login state, links carrying the current
// locale (§9.1.13), the language menu and the colour-mode switch; collapses on a phone.
import { useState } from 'react';
import { Container, Nav, Navbar, NavDropdown, Button } from 'react-bootstrap';
import { MoonStars, Sun } from 'react-bootstrap-icons';
import { NavLink, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session.jsx';
import { withLocale } from '../lib/locale.js';
import { readTheme, storeTheme } from '../lib/theme.js';

const LANGUAGES = [
  { lang: 'zh', label: '简体中文' },
  { lang: 'en', label: 'English' },
];

const LOGGED_IN = [
  ['dashboard', 'routers-dashboard'],
  ['scenario', 'routers-scenario'],
  ['system', 'routers-settings'],
  ['component', 'routers-components'],
  ['contact', 'routers-contact'],
  ['logout', 'routers-logout'],
];

export default function Navigator({ page }) {
  const { t, i18n } = useTranslation();
  const { initialized, token } = useSession();
  const { pathname, search } = useLocation();
  const navigate = useNavigate();
  const [theme, setTheme] = useState(() => readTheme(window.localStorage));
  const lang = i18n.language;
  const items = !initialized ? [] : token ? LOGGED_IN : [['login', 'routers-login']];
  const current = LANGUAGES.find((item) => item.lang === lang) || LANGUAGES[0];

  const switchTheme = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    storeTheme(window.localStorage, next);
    setTheme(next);
  };

  return (
    <Navbar expand="md" className="bg-body-tertiary border-bottom" collapseOnSelect>
      <Container fluid="lg">
        <Navbar.Brand as={NavLink} to={`/${lang}/routers-scenario`} className="fw-bold">
          SRS Cloud
        </Navbar.Brand>
        <Navbar.Toggle aria-controls="srs-nav" />
        <Navbar.Collapse id="srs-nav">
          <Nav variant="pills" className="me-auto" data-testid="nav-items">
            {items.map(([key, target]) => (
              <Nav.Link key={key} as={NavLink} to={`/${lang}/${target}`} eventKey={key} active={page === target} data-testid={`nav-${key}`}>
                {t(`nav.${key}`)}
              </Nav.Link>
            ))}
          </Nav>
          <Nav className="align-items-md-center">
            <NavDropdown title={current.label} id="srs-lang" align="end" data-testid="lang-menu">
              {LANGUAGES.map((item) => (
                <NavDropdown.Item key={item.lang} active={item.lang === lang} onClick={() => navigate(`${withLocale(pathname, item.lang)}${search}`)} data-testid={`lang-${item.lang}`}>
                  {item.label}
                </NavDropdown.Item>
              ))}
            </NavDropdown>
            <Button variant="link" className="nav-link" onClick={switchTheme} aria-label={t('nav.theme')} title={t('nav.theme')} data-testid="theme-toggle">
              {theme === 'dark' ? <Sun aria-hidden /> : <MoonStars aria-hidden />}
            </Button>
          </Nav>
        </Navbar.Collapse>
      </Container>
    </Navbar>
  );
}
