import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
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

/** Delivery statuses in words (the API's `pending` is a delivery still being retried). */
export const STATUS_LABELS: Record<DeliveryStatus, string> = {
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
  small = false,
  typeToConfirm,
}: {
  label: string;
  question: ComponentChildren;
  confirmLabel: string;
  onConfirm: () => unknown;
  busy?: boolean;
  danger?: boolean;
  /** In a table row or list, beside other small actions. */
  small?: boolean;
  /** For what takes much with it: the confirm button waits until this is typed. */
  typeToConfirm?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const typedId = useId();
  const [typed, setTyped] = useState('');
  return (
    <>
      <button
        type="button"
        class={`button ${danger ? 'button-danger' : ''} ${small ? 'button-small' : ''}`}
        disabled={busy}
        onClick={() => {
          setTyped('');
          dialog.current?.showModal();
        }}
      >
        {label}
      </button>
      <dialog ref={dialog} class="dialog" aria-labelledby={titleId}>
        <form method="dialog">
          <h2 class="dialog-title" id={titleId}>
            {confirmLabel}?
          </h2>
          <div class="dialog-body">{question}</div>
          {typeToConfirm !== undefined && (
            <div class="field">
              <label for={typedId}>Type {typeToConfirm} to confirm</label>
              <input
                id={typedId}
                autoComplete="off"
                value={typed}
                onInput={(event) => setTyped(event.currentTarget.value)}
              />
            </div>
          )}
          <div class="dialog-actions">
            <button value="cancel" class="button" autofocus>
              Cancel
            </button>
            <button
              value="confirm"
              class={`button ${danger ? 'button-danger' : 'button-primary'}`}
              disabled={typeToConfirm !== undefined && typed !== typeToConfirm}
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
  error,
  children,
  id,
}: {
  label: string;
  hint?: ComponentChildren;
  /** What the server said is wrong with this field, shown under it. */
  error?: string;
  children: ComponentChildren;
  id: string;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {error && (
        <p class="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

/** The ids a field's control is described by: its error first, then its hint. */
export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** A labelled text input; `hint` and `error` are tied to it with aria-describedby. */
export function TextField({
  id,
  label,
  hint,
  error,
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
  error?: string;
  value: string;
  onValue: (value: string) => void;
  type?: 'text' | 'url' | 'search';
  placeholder?: string;
  required?: boolean;
  invalid?: boolean;
}) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        // Preact's types pair each input type with its ARIA roles; all three are text boxes.
        type={type as 'text'}
        value={value}
        placeholder={placeholder}
        required={required}
        aria-invalid={invalid || Boolean(error)}
        aria-describedby={describedBy(id, hint, error)}
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
  noValidate,
  children,
}: {
  label: string;
  onSubmit: () => unknown;
  class?: string;
  /** The form checks its fields itself and says what is wrong beside them (not in the browser's bubble). */
  noValidate?: boolean;
  children: ComponentChildren;
}) {
  return (
    <form
      class={className}
      aria-label={label}
      noValidate={noValidate}
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

/**
 * A table with a header row: `columns` are the visible headers; `actionsLabel` adds a last column
 * whose header only screen readers hear (row buttons and links). `framed` draws it as a card of its
 * own (scrolling sideways on a narrow screen) rather than inside one.
 */
export function DataTable({
  label,
  columns,
  actionsLabel,
  framed = false,
  children,
}: {
  label: string;
  columns: string[];
  actionsLabel?: string;
  framed?: boolean;
  children: ComponentChildren;
}) {
  const table = (
    <table class="table" aria-label={label}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th scope="col" key={column}>
              {column}
            </th>
          ))}
          {actionsLabel && (
            <th scope="col">
              <span class="visually-hidden">{actionsLabel}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  return framed ? <div class="table-wrap">{table}</div> : table;
}

/** A labelled select of `options` ([value, text]), "Any" (empty) first unless `any` is false. */
export function SelectField({
  id,
  label,
  value,
  options,
  onValue,
  any = true,
  class: className,
}: {
  id: string;
  label: string;
  value: string;
  options: ReadonlyArray<readonly [string, string]>;
  onValue: (value: string) => void;
  any?: boolean;
  class?: string;
}) {
  return (
    <div class={`field ${className ?? ''}`}>
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onValue(event.currentTarget.value)}>
        {any && <option value="">Any</option>}
        {options.map(([optionValue, text]) => (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A local date and time (the browser's picker), e.g. for a bound of a time filter. */
export function DateTimeField(props: {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="datetime-local"
        value={props.value}
        onChange={(event) => props.onValue(event.currentTarget.value)}
      />
    </div>
  );
}

/** "Load more" under a paged list while the API has a next page, and why it failed if it did. */
export function LoadMore({
  next,
  loadMore,
}: {
  next: string | undefined;
  loadMore: { run: () => Promise<boolean>; busy: boolean; error: Error | undefined };
}) {
  return (
    <>
      <ErrorNotice error={loadMore.error} title="Could not load more." />
      {next && (
        <button type="button" class="button" disabled={loadMore.busy} onClick={() => void loadMore.run()}>
          {loadMore.busy ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}
