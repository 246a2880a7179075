import type { CanonicalEvent, QuayApiFields, QuayEvent } from '@hookyard/events';
import { renderQuayEventData } from './quay-payload';

/** A Slack incoming-webhook message, as Quay's slack method sends it. */
export interface SlackMessage {
  mrkdwn: true;
  text: string;
  username: string;
  attachments: Array<{ fallback: string; text: string; color: string; mrkdwn_in: string[] }>;
}

const SUMMARIES: Record<QuayEvent, { summary: (repository: string) => string; color: string }> = {
  repo_push: { summary: (r) => `Repository ${r} updated`, color: 'good' },
  vulnerability_found: { summary: (r) => `Vulnerability detected in repository ${r}`, color: 'warning' },
  repo_mirror_sync_started: { summary: (r) => `Repository mirror sync started for ${r}`, color: '#439ad4' },
  repo_mirror_sync_success: { summary: (r) => `Repository mirror sync succeeded for ${r}`, color: 'good' },
  repo_mirror_sync_failed: { summary: (r) => `Repository mirror sync failed for ${r}`, color: 'danger' },
  build_queued: { summary: (r) => `Build queued for repository ${r}`, color: '#439ad4' },
  build_start: { summary: (r) => `Build started for repository ${r}`, color: '#439ad4' },
  build_success: { summary: (r) => `Build succeeded for repository ${r}`, color: 'good' },
  build_failure: { summary: (r) => `Build failed for repository ${r}`, color: 'danger' },
  build_cancelled: { summary: (r) => `Build cancelled for repository ${r}`, color: 'warning' },
};

/** The one-line details of Quay's event data, for the attachment text. */
function details(data: Record<string, unknown>): string {
  const lines: string[] = [];
  for (const key of ['updated_tags', 'tags', 'docker_tags'] as const) {
    const tags = data[key];
    if (Array.isArray(tags) && tags.length > 0) lines.push(`*Tags:* ${tags.join(', ')}`);
  }
  const vulnerability = data.vulnerability as { priority: string; description: string } | undefined;
  if (vulnerability) lines.push(`*Priority:* ${vulnerability.priority}`, vulnerability.description);
  if (typeof data.message === 'string') lines.push(data.message);
  if (typeof data.error_message === 'string') lines.push(`*Error:* ${data.error_message}`);
  if (data.docker_url) lines.push(`*Pull:* \`${String(data.docker_url)}\``);
  return lines.join('\n');
}

export function renderSlackMessage(fields: QuayApiFields, event: CanonicalEvent): SlackMessage {
  const data = renderQuayEventData(fields, event) as Record<string, unknown>;
  const { summary, color } = SUMMARIES[fields.event];
  const text = summary(String(data.repository));
  const link = data.homepage ? `<${String(data.homepage)}|${text}>` : text;
  return {
    mrkdwn: true,
    text: link,
    username: 'Hookyard',
    attachments: [{ fallback: text, text: details(data), color, mrkdwn_in: ['text'] }],
  };
}
