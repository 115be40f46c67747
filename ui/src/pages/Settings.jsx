// Settings page (spec/ui.md §5.6): one tab per concern, each loading only what it shows
// (§9.1.13); the empty NGINX tab of the original is dropped (§9.1.10).
import { Tab, Tabs } from 'react-bootstrap';
import { useTranslation } from 'react-i18next';
import { useTab } from '../lib/useTab.js';
import Auth from './settings/Auth.jsx';
import Https from './settings/Https.jsx';
import Footer from './settings/Footer.jsx';
import TencentForm from '../components/TencentForm.jsx';
import OpenApi from './settings/OpenApi.jsx';
import Platform from './settings/Platform.jsx';

export const SETTINGS_TABS = ['auth', 'https', 'beian', 'tencent', 'api', 'platform'];

export default function Settings() {
  const { t } = useTranslation();
  const [tab, select] = useTab(SETTINGS_TABS, 'auth');
  const titles = { auth: t('settings.tabAuth'), https: 'HTTPS', beian: t('settings.tabFooter'), tencent: t('settings.tabTencent'), api: 'OpenAPI', platform: t('settings.tabPlatform') };
  return (
    <Tabs activeKey={tab} onSelect={select} className="mb-3 flex-nowrap overflow-x-auto overflow-y-hidden" mountOnEnter unmountOnExit data-testid="settings-tabs">
      {SETTINGS_TABS.map((key) => (
        <Tab key={key} eventKey={key} title={titles[key]}>
          {key === 'auth' ? <Auth /> : null}
          {key === 'https' ? <Https /> : null}
          {key === 'beian' ? <Footer /> : null}
          {key === 'tencent' ? (
            <>
              <h2 className="h5">{t('settings.tecentTitle')}</h2>
              <TencentForm />
            </>
          ) : null}
          {key === 'api' ? <OpenApi /> : null}
          {key === 'platform' ? <Platform /> : null}
        </Tab>
      ))}
    </Tabs>
  );
}
