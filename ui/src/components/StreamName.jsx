// The stream name shared by the Live and SRT tabs (spec/ui.md §5.5, §9.1.7): editable,
// validated, kept in localStorage SRS_CLOUD_STREAM, and a "random name" button.
import { useState } from 'react';
import { Button, Form, InputGroup } from 'react-bootstrap';
import { ArrowRepeat } from 'react-bootstrap-icons';
import { useTranslation } from 'react-i18next';
import { isValidStreamName, randomStreamName } from '../lib/urls.js';
import { useNotify } from './Toasts.jsx';

export const STREAM_KEY = 'SRS_CLOUD_STREAM';
export const DEFAULT_STREAM = 'livestream';

export function useStreamName() {
  const [stream, setStream] = useState(() => {
    const stored = window.localStorage.getItem(STREAM_KEY);
    return stored && isValidStreamName(stored) ? stored : DEFAULT_STREAM;
  });
  const save = (name) => {
    window.localStorage.setItem(STREAM_KEY, name);
    setStream(name);
  };
  return [stream, save];
}

export default function StreamName({ value, onChange }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const [draft, setDraft] = useState(value);
  const valid = isValidStreamName(draft);
  const edit = (text) => {
    setDraft(text);
    if (isValidStreamName(text)) onChange(text);
  };
  const random = () => {
    const name = randomStreamName();
    setDraft(name);
    onChange(name);
    notify('success', t('helper.changeStream'));
  };
  return (
    <Form.Group className="mb-3" controlId="stream-name" style={{ maxWidth: '28rem' }}>
      <Form.Label>{t('helper.streamName')}</Form.Label>
      <InputGroup hasValidation size="sm">
        <InputGroup.Text>live/</InputGroup.Text>
        <Form.Control value={draft} onChange={(e) => edit(e.target.value)} isInvalid={!valid} className="font-monospace" data-testid="stream-name" />
        <Button variant="outline-secondary" onClick={random} title={t('helper.changeStreamTip')} aria-label={t('helper.changeStreamTip')} data-testid="stream-random">
          <ArrowRepeat aria-hidden />
        </Button>
        <Form.Control.Feedback type="invalid">{t('helper.streamInvalid')}</Form.Control.Feedback>
      </InputGroup>
    </Form.Group>
  );
}
