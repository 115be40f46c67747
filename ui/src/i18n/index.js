import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.js';
import zh from './zh.js';

i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, zh: { translation: zh } },
  lng: 'zh',
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
