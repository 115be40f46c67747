// How the language is chosen (spec/ui.md §7.2, plus §9.2: the browser language before the
// deployment default on a first visit).

export const LOCALES = ['zh', 'en'];
export const LOCALE_KEY = 'SRS_CLOUD_LOCALE';

export function isLocale(value) {
  return LOCALES.includes(value);
}

// The locale to use when the URL does not carry one.
export function chooseLocale({ stored, browser, deployment }) {
  if (isLocale(stored)) return stored;
  const fromBrowser = String(browser || '').toLowerCase().split('-')[0];
  if (isLocale(fromBrowser)) return fromBrowser;
  if (isLocale(deployment)) return deployment;
  return 'zh';
}

// The path with its first segment replaced by `locale` (the dropdown; §9.1.13: the segment,
// not a substring). `pathname` is relative to the router basename.
export function withLocale(pathname, locale) {
  const parts = pathname.split('/').filter(Boolean);
  if (isLocale(parts[0])) parts[0] = locale;
  else parts.unshift(locale);
  return `/${parts.join('/')}`;
}

export function readStoredLocale(storage) {
  try {
    return JSON.parse(storage.getItem(LOCALE_KEY) || 'null')?.lang || null;
  } catch {
    return null;
  }
}

export function storeLocale(storage, lang) {
  storage.setItem(LOCALE_KEY, JSON.stringify({ lang }));
}

// The default language the server wrote into index.html, if it did.
export function deploymentLocale(document) {
  const value = document.querySelector('meta[name="srs-default-locale"]')?.getAttribute('content');
  return isLocale(value) ? value : null;
}
