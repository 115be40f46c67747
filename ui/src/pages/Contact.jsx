// Contact (spec/ui.md §5.8, §9.1.18): links instead of WeChat QR images that expire.
import { useTranslation } from 'react-i18next';

const LINKS = [
  ['Discord', 'https://discord.gg/yZ4BnPmHAd'],
  ['Twitter', 'https://twitter.com/srs_server'],
  ['GitHub', 'https://github.com/ossrs/srs'],
  ['Bilibili', 'https://space.bilibili.com/430256302'],
];

export default function Contact() {
  const { t } = useTranslation();
  return (
    <div data-testid="contact-page">
      <p>{t('contact.intro')}</p>
      <ul>
        {LINKS.map(([name, url]) => (
          <li key={url}>
            {name}:{' '}
            <a href={url} target="_blank" rel="noreferrer">
              {url}
            </a>
          </li>
        ))}
      </ul>
      <p className="text-body-secondary small">{t('contact.community')}</p>
    </div>
  );
}
