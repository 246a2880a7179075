import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DeliveryStatus, Health } from '../types';

export function ErrorNotice({ error, title }: { error: Error | undefined; title?: string }) {
  if (!error) return null;
  return (
    <div class="notice notice-error" role="alert">
      {title && <strong>{title} </strong>}
      {error.message}
    </div>
  );
}

export function Notice({
  children,
  kind = 'info',
}: {
  children: ComponentChildren;
  kind?: 'info' | 'success';
}) {
  return (
    <div class={`notice notice-${kind}`} role="status">
      {children}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p class="muted" role="status">
      {label}
    </p>
  );
}

export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · Hookyard`;
  }, [title]);
  return (
    <div class="page-header">
      <h1>{title}</h1>
      {children && <div class="page-actions">{children}</div>}
    </div>
  );
}

const STATUS_LABELS: Record<DeliveryStatus, string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  pending: 'Retrying',
  skipped: 'Skipped',
};

export function StatusBadge({ status }: { status: DeliveryStatus }) {
  return <span class={`badge badge-${status}`}>{STATUS_LABELS[status] ?? status}</span>;
}

const HEALTH_LABELS: Record<Health, string> = {
  healthy: 'Healthy',
  failing: 'Failing',
  inactive: 'Inactive',
};
const HEALTH_CLASSES: Record<Health, string> = {
  healthy: 'succeeded',
  failing: 'pending',
  inactive: 'failed',
};

export function HealthBadge({ health }: { health: Health }) {
  return <span class={`badge badge-${HEALTH_CLASSES[health]}`}>{HEALTH_LABELS[health]}</span>;
}

/** Copies `text`; says so for a moment (and to screen readers). */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
    setTimeout(() => setCopied(null), 2000);
  };
  return (
    <button type="button" class="button button-small" onClick={copy}>
      {copied === true ? 'Copied' : copied === false ? 'Select and copy' : label}
      <span class="visually-hidden" aria-live="polite">
        {copied === true ? 'Copied to the clipboard' : ''}
      </span>
    </button>
  );
}

/** A secret shown in full once asked for, with a copy button. */
export function SecretValue({ value, label }: { value: string; label: string }) {
  return (
    <div class="secret">
      <code aria-label={label} class="secret-value">
        {value}
      </code>
      <CopyButton text={value} />
    </div>
  );
}

/**
 * Asks before something that cannot be undone, in a modal <dialog>: focus moves into it, Escape
 * cancels, and focus returns to the button that opened it.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  busy,
  danger = true,
}: {
  label: string;
  question: ComponentChildren;
  confirmLabel: string;
  onConfirm: () => unknown;
  busy?: boolean;
  danger?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button
        type="button"
        class={`button ${danger ? 'button-danger' : ''}`}
        disabled={busy}
        onClick={() => dialog.current?.showModal()}
      >
        {label}
      </button>
      <dialog ref={dialog} class="dialog" aria-label={label}>
        <form method="dialog">
          <p>{question}</p>
          <div class="dialog-actions">
            <button value="cancel" class="button" autofocus>
              Cancel
            </button>
            <button
              value="confirm"
              class={`button ${danger ? 'button-danger' : 'button-primary'}`}
              onClick={() => void onConfirm()}
            >
              {confirmLabel}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

export function Field({
  label,
  hint,
  children,
  id,
}: {
  label: string;
  hint?: ComponentChildren;
  children: ComponentChildren;
  id: string;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

/** A labelled text input; `hint` is tied to it with aria-describedby. */
export function TextField({
  id,
  label,
  hint,
  value,
  onValue,
  type = 'text',
  placeholder,
  required,
  invalid,
}: {
  id: string;
  label: string;
  hint?: ComponentChildren;
  value: string;
  onValue: (value: string) => void;
  type?: 'text' | 'url' | 'search';
  placeholder?: string;
  required?: boolean;
  invalid?: boolean;
}) {
  return (
    <Field id={id} label={label} hint={hint}>
      <input
        id={id}
        // Preact's types pair each input type with its ARIA roles; all three are text boxes.
        type={type as 'text'}
        value={value}
        placeholder={placeholder}
        required={required}
        aria-invalid={invalid}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onInput={(event) => onValue(event.currentTarget.value)}
      />
    </Field>
  );
}

/** A form whose submit runs `onSubmit` instead of navigating. */
export function ActionForm({
  label,
  onSubmit,
  class: className,
  children,
}: {
  label: string;
  onSubmit: () => unknown;
  class?: string;
  children: ComponentChildren;
}) {
  return (
    <form
      class={className}
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
    >
      {children}
    </form>
  );
}

export function EmptyState({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}
