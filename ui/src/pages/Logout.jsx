// Logout (spec/ui.md §5.3): tokens are not revocable, so forgetting it is the whole job.
import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session.jsx';

export default function Logout() {
  const { t, i18n } = useTranslation();
  const { forgetToken } = useSession();
  const navigate = useNavigate();
  useEffect(() => {
    forgetToken();
    navigate(`/${i18n.language}/routers-login`, { replace: true });
  }, [forgetToken, navigate, i18n.language]);
  return <p>{t('nav.logout')}</p>;
}
