// One stream URL (or command) with its copy button, and optionally a QR code and a player link.
// A protocol the running engine cannot serve is shown as unavailable, with why, and offers
// nothing to click (port-decisions.md §2).
import { Badge, Button, InputGroup, Form } from 'react-bootstrap';
import { PlayCircle } from 'react-bootstrap-icons';
import { QRCodeSVG } from 'qrcode.react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import CopyButton from './CopyButton.jsx';

export default function UrlRow({ label, value, testId, qr = false, player, onPreview, unavailable, help, extra }) {
  const { t } = useTranslation();
  const id = useId();
  if (unavailable) {
    return (
      <div className="mb-3" data-testid={testId ? `${testId}-unavailable` : undefined}>
        <div className="form-label mb-1">
          {label} <Badge bg="secondary">{t('engine.unavailable')}</Badge>
        </div>
        <div className="text-body-secondary small">{unavailable}</div>
        <code className="text-body-secondary text-break user-select-all" aria-disabled="true" data-testid={testId}>
          {value}
        </code>
      </div>
    );
  }
  return (
    <div className="mb-3">
      <Form.Label htmlFor={id} className="mb-1">
        {label}
      </Form.Label>
      <InputGroup size="sm">
        <Form.Control id={id} readOnly value={value} className="font-monospace" data-testid={testId} onFocus={(e) => e.target.select()} />
        <CopyButton text={value} testId={testId ? `${testId}-copy` : undefined} label={`${t('helper.copy')}: ${label}`} />
        {onPreview ? (
          <Button variant="outline-primary" onClick={onPreview} aria-label={`${t('helper.preview')}: ${label}`} data-testid={testId ? `${testId}-preview` : undefined}>
            <PlayCircle aria-hidden /> <span className="d-none d-sm-inline">{t('helper.preview')}</span>
          </Button>
        ) : null}
        {player ? (
          <Button variant="outline-primary" href={player} target="_blank" rel="noreferrer" data-testid={testId ? `${testId}-player` : undefined}>
            {t('helper.player')}
          </Button>
        ) : null}
        {extra}
      </InputGroup>
      {help ? (
        <Form.Text muted className="d-block">
          {help}
        </Form.Text>
      ) : null}
      {qr ? (
        <div className="mt-2 p-2 bg-white d-inline-block rounded border" data-testid={testId ? `${testId}-qr` : undefined}>
          <QRCodeSVG value={value} size={128} title={label} />
        </div>
      ) : null}
    </div>
  );
}
