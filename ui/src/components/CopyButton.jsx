// A copy icon with inline "Copied" feedback (spec/ui.md §5.5, §9.1.3). Clipboard API first,
// a hidden textarea where the page is not a secure context.
import { useState } from 'react';
import { Button } from 'react-bootstrap';
import { Clipboard, ClipboardCheck } from 'react-bootstrap-icons';
import { useTranslation } from 'react-i18next';
import { useNotify } from './Toasts.jsx';

export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  document.body.removeChild(area);
  if (!ok) throw new Error('copy refused');
}

export default function CopyButton({ text, testId, label }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const [copied, setCopied] = useState(false);
  const onClick = async () => {
    try {
      await copyText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      notify('danger', t('helper.copyFail'));
    }
  };
  return (
    <Button variant="outline-secondary" size="sm" onClick={onClick} title={t('helper.copy')} aria-label={label || t('helper.copy')} data-testid={testId}>
      {copied ? <ClipboardCheck aria-hidden /> : <Clipboard aria-hidden />}
      {copied ? <span className="ms-1 small">{t('helper.copied')}</span> : null}
    </Button>
  );
}
