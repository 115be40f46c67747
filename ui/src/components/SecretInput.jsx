// A password-type field with a reveal toggle (spec/ui.md §9.1.15, §9.2 "show secret").
import { useState } from 'react';
import { Button, Form, InputGroup } from 'react-bootstrap';
import { Eye, EyeSlash } from 'react-bootstrap-icons';
import { useTranslation } from 'react-i18next';

export default function SecretInput({ id, value, onChange, readOnly, testId, isInvalid, feedback, children, placeholder }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  return (
    <InputGroup hasValidation>
      <Form.Control
        id={id}
        type={shown ? 'text' : 'password'}
        value={value}
        onChange={onChange ? (e) => onChange(e.target.value) : undefined}
        readOnly={readOnly}
        isInvalid={isInvalid}
        autoComplete="off"
        placeholder={placeholder}
        className="font-monospace"
        data-testid={testId}
      />
      <Button variant="outline-secondary" onClick={() => setShown(!shown)} aria-label={shown ? t('helper.hide') : t('helper.show')} aria-pressed={shown} data-testid={testId ? `${testId}-reveal` : undefined}>
        {shown ? <EyeSlash aria-hidden /> : <Eye aria-hidden />}
      </Button>
      {children}
      {feedback ? <Form.Control.Feedback type="invalid">{feedback}</Form.Control.Feedback> : null}
    </InputGroup>
  );
}
