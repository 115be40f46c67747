import 'bootstrap/dist/css/bootstrap.min.css';
import './index.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import './i18n/index.js';
import App from './App.jsx';
import { applyTheme, readTheme } from './lib/theme.js';

applyTheme(readTheme(window.localStorage));

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <BrowserRouter basename="/mgmt">
      <App />
    </BrowserRouter>
  </StrictMode>,
);
