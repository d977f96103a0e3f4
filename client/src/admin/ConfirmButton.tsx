import { useState } from 'react';

interface ConfirmButtonProps {
  /** The button's word ("Remove", "Revoke", "End session"). */
  label: string;
  /** The question, naming what will happen ("Remove the screen “Ash Ward station”?"). */
  question: string;
  /** Names the button for screen readers when several share a label. */
  accessibleName: string;
  onConfirm: () => void;
  disabled?: boolean;
}

/** A destructive action asks once, in place, naming what it will do; nothing happens until confirmed. */
export function ConfirmButton({ label, question, accessibleName, onConfirm, disabled = false }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        className="admin-button admin-button--danger"
        aria-label={accessibleName}
        onClick={() => setAsking(true)}
        disabled={disabled}
      >
        {label}
      </button>
    );
  }
  return (
    <span className="admin-confirm" role="group" aria-label={question}>
      <span className="admin-confirm__question">{question}</span>{' '}
      <button
        type="button"
        className="admin-button admin-button--danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        Yes, {label.toLowerCase()}
      </button>{' '}
      <button type="button" className="admin-button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
