import { useEffect, useState } from 'preact/hooks';
import { fieldError, formError, get, lostAccess, post, query, segment } from '../api';
import { formatTime } from '../format';
import { useAction, usePolling } from '../hooks';
import {
  RECOVERY_WINDOW_DAYS,
  RecoveryProgress,
  recoveryBounds,
  recoveryDone,
  RecoveryStarted,
  recoverySettled,
  recoverySince,
  recoverySummary,
} from '../recovery';
import { ActionForm, describedBy, ErrorNotice, Field } from './ui';

const POLL_MS = 2000;

/**
 * "Recover failed since…": every message whose latest delivery failed since a time is sent again
 * (POST .../deliveries/recover); its progress is followed until it finished or stopped. The new
 * deliveries appear in the live log below as they are made.
 */
export function DeliveryRecovery({
  webhookId,
  inactive,
  recoveryId,
}: {
  webhookId: string;
  inactive: boolean;
  /** A recovery to follow from the start (the address names it: a reload keeps following it). */
  recoveryId?: string;
}) {
  const base = `/api/v0/webhooks/${segment(webhookId)}/deliveries/recover`;
  const [bounds] = useState(() => recoveryBounds());
  const [value, setValue] = useState(bounds.initial);
  const [problem, setProblem] = useState<string>();
  const [progress, setProgress] = useState<RecoveryProgress>();

  const follow = useAction(async (id: string) => {
    setProgress(await get<RecoveryProgress>(`${base}/${segment(id)}`));
  });
  useEffect(() => {
    if (recoveryId) void follow.run(recoveryId);
  }, [recoveryId]);
  const start = useAction(async () => {
    const asked = recoverySince(value);
    setProblem(asked.problem);
    if (!asked.since) return;
    const started = await post<RecoveryStarted>(base, { since: asked.since });
    history.replaceState(history.state, '', `${location.pathname}${query({ recovery: started.id })}`);
    await follow.run(started.id);
  });
  usePolling(
    () => progress && follow.run(progress.id),
    POLL_MS,
    progress !== undefined && !recoverySettled(progress.status) && !lostAccess(follow.error),
  );

  const sinceError = problem ?? fieldError(start.error, 'since');
  const hint = inactive
    ? 'Re-enable the webhook first: an inactive webhook is not sent anything.'
    : `Every message whose latest delivery failed since then (at most ${RECOVERY_WINDOW_DAYS} days ago) is sent again with its webhook-id, oldest first.`;
  const running = progress !== undefined && !recoverySettled(progress.status);
  return (
    <section class="card" aria-labelledby="recovery-title">
      <h2 id="recovery-title">Recover failed deliveries</h2>
      <ActionForm noValidate class="form-row" label="Recover failed deliveries" onSubmit={() => start.run()}>
        <Field id="recovery-since" label="Failed since" hint={hint} error={sinceError}>
          <input
            id="recovery-since"
            type="datetime-local"
            required
            min={bounds.min}
            max={bounds.max}
            value={value}
            aria-invalid={Boolean(sinceError)}
            aria-describedby={describedBy('recovery-since', hint, sinceError)}
            onInput={(event) => setValue(event.currentTarget.value)}
          />
        </Field>
        <button type="submit" class="button button-primary" disabled={inactive || start.busy || running}>
          {start.busy ? 'Starting…' : 'Recover'}
        </button>
      </ActionForm>
      <ErrorNotice error={formError(start.error, ['since']) ?? follow.error} title="Not recovered." />
      {progress && (
        <div class="recovery-progress" role="status" aria-live="polite">
          <p>
            <strong>
              Recovery of the failures since <span title={progress.since}>{formatTime(progress.since)}</span>
            </strong>
          </p>
          {progress.queued > 0 && (
            <progress
              max={progress.queued}
              value={recoveryDone(progress)}
              aria-label="Recovered deliveries"
            />
          )}
          <p>{recoverySummary(progress)}</p>
          {progress.truncated && (
            <p class="hint">
              More deliveries failed than one recovery takes: the newest were left out. Once this one
              finished, recover again from the same time for the rest.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
