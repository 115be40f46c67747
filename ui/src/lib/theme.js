// Dark mode (spec/ui.md §9.2): follows prefers-color-scheme until the user picks one, which is
// kept in localStorage SRS_CLOUD_THEME. Bootstrap 5.3 colour modes do the rest.
export const THEME_KEY = 'SRS_CLOUD_THEME';

export function readTheme(storage) {
  const stored = storage.getItem(THEME_KEY);
  if (stored === 'dark' || stored === 'light') return stored;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(theme) {
  document.documentElement.setAttribute('data-bs-theme', theme);
}

export function storeTheme(storage, theme) {
  storage.setItem(THEME_KEY, theme);
  applyTheme(theme);
}
