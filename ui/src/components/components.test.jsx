// Component tests where the UI holds logic: the URL row (copy, QR, unavailable) and the error
// panel variants (spec/ui.md §2.6; the original's two component tests, extended).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import i18n from '../i18n/index.js';
import { ApiError } from '../api/client.js';
import { ToastProvider } from './Toasts.jsx';
import UrlRow from './UrlRow.jsx';
import ErrorAlert from './ErrorAlert.jsx';

afterEach(cleanup);

function renderIn(lang, ui) {
  act(() => {
    i18n.changeLanguage(lang);
  });
  return render(
    <MemoryRouter>
      <ToastProvider>{ui}</ToastProvider>
    </MemoryRouter>,
  );
}

describe('UrlRow', () => {
  it('shows the value, copies it and draws a QR code when asked', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(window, 'isSecureContext', { value: true, configurable: true });
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderIn('en', <UrlRow label="Stream URL" value="rtmp://h/live/s?secret=k" testId="u" qr player="/tools/player.html?url=x" />);
    expect(screen.getByTestId('u').value).toBe('rtmp://h/live/s?secret=k');
    expect(screen.getByTestId('u-qr').querySelector('svg')).not.toBeNull();
    expect(screen.getByTestId('u-player').getAttribute('href')).toBe('/tools/player.html?url=x');
    await act(async () => fireEvent.click(screen.getByTestId('u-copy')));
    expect(writeText).toHaveBeenCalledWith('rtmp://h/live/s?secret=k');
    expect(screen.getByTestId('u-copy').textContent).toContain('Copied');
  });

  it('without qr there is no QR code', () => {
    renderIn('en', <UrlRow label="x" value="v" testId="u" />);
    expect(screen.queryByTestId('u-qr')).toBeNull();
  });

  it('an unavailable protocol has its reason and nothing to click', () => {
    renderIn('zh', <UrlRow label="SRT" value="srt://h:10080" testId="u" qr player="/p" unavailable="SRT需要SRS" />);
    expect(screen.getByTestId('u-unavailable').textContent).toContain('不可用');
    expect(screen.getByTestId('u-unavailable').textContent).toContain('SRT需要SRS');
    expect(screen.queryByTestId('u-copy')).toBeNull();
    expect(screen.queryByTestId('u-qr')).toBeNull();
    expect(screen.queryByRole('link')).toBeNull();
  });
});

describe('ErrorAlert', () => {
  it('2001: expired text with a link to logout, in the current language', () => {
    renderIn('zh', <ErrorAlert error={new ApiError({ url: '/a', status: 401, code: 2001, message: 'token expired' })} />);
    expect(screen.getByText(/Token过期，请/)).toBeTruthy();
    expect(screen.getByRole('link', { name: '重新登录' }).getAttribute('href')).toBe('/zh/routers-logout');
  });

  it('an API error: request, status, code, message and the body', () => {
    const error = new ApiError({ url: '/terraform/v1/mgmt/login', status: 401, statusText: 'Unauthorized', code: 2000, message: 'invalid password', body: { code: 2000, data: { message: 'invalid password' } } });
    renderIn('en', <ErrorAlert error={error} />);
    expect(screen.getByText('Request: /terraform/v1/mgmt/login')).toBeTruthy();
    expect(screen.getByText('Status: 401 Unauthorized')).toBeTruthy();
    expect(screen.getByTestId('error-code').textContent).toBe('Code: 2000');
    expect(screen.getByTestId('error-message').textContent).toBe('Message: invalid password');
    expect(screen.getByText(/"message": "invalid password"/)).toBeTruthy();
  });

  it('a JavaScript error: its name and message; nothing for no error', () => {
    renderIn('en', <ErrorAlert error={new TypeError('boom')} />);
    expect(screen.getByText('TypeError: boom')).toBeTruthy();
    cleanup();
    const { container } = renderIn('en', <ErrorAlert error={null} />);
    expect(container.textContent).toBe('');
  });
});
