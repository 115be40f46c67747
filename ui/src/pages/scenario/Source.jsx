// Source tab (spec/ui.md §5.5.7): where the engine's and this dashboard's sources are.
import { useTranslation } from 'react-i18next';
import UrlRow from '../../components/UrlRow.jsx';

export default function Source() {
  const { t } = useTranslation();
  return (
    <div data-testid="source-tab">
      <p>{t('source.intro')}</p>
      <UrlRow label="SRS" value="https://github.com/ossrs/srs" />
      <UrlRow label="SRS Cloud" value="https://github.com/ossrs/srs-cloud" />
      <UrlRow label={t('source.build')} value="git clone -b 5.0release https://github.com/ossrs/srs.git && cd srs/trunk && ./configure && make" />
    </div>
  );
}
