import type { QuayEvent } from '@hookyard/events';
import type { QuayEventData } from './quay-payload';

/**
 * Quay's slack method (notificationmethod.py SlackMethod): the event's one-line summary, and its
 * HTML message (Quay's events/*.html templates) turned into Slack markup, coloured by the event's
 * level. Names are printed as Quay prints names it has no avatar or page for: plainly.
 */
export interface SlackMessage {
  text: string;
  username: 'quayiobot';
  attachments: Array<{ fallback: string; text: string; color: string; mrkdwn_in: ['text'] }>;
}

type Level = 'info' | 'warning' | 'error' | 'success' | 'primary';

const COLORS: Record<Level, string> = {
  info: '#ffffff',
  warning: 'warning',
  error: 'danger',
  success: 'good',
  primary: 'good',
};

interface Vulnerability {
  id?: string;
  link?: string;
  priority?: string;
}

interface BuildData {
  homepage: string;
  build_id: string;
  trigger_id?: string | null;
  trigger_kind?: string | null;
  trigger_metadata?: {
    ref?: string;
    commit?: string;
    commit_info?: { url?: string; author?: { url?: string; avatar_url?: string; username?: string } };
  };
  error_message?: string;
}

/** Per event: its level (get_level), summary (get_summary) and message template. */
interface SlackEvent {
  level: (data: QuayEventData) => Level;
  summary: (data: QuayEventData) => string;
  message: (data: QuayEventData, performer: string | undefined) => string;
}

const str = (value: unknown) => (value === undefined || value === null ? '' : String(value));
const icon = (name: string) => `<img src="/static/img/icons/${name}.png" alt="${name}">`;
/** Quay's `python[:7]`. */
const short = (value: unknown) => str(value).slice(0, 7);

/** events/repo_mirror_sync_*.html */
const mirrorMessage = (data: QuayEventData, performer: string | undefined) =>
  `${performer ? `\n${performer}\n` : ''}\n\n${data.message ? `\n ${str(data.message)}\n` : ''}`;

/** events/build_event.html, with `kind` its eventkind block. */
function buildMessage(kind: string) {
  return (data: QuayEventData) => {
    const build = data as unknown as BuildData;
    let change: string;
    if (!build.trigger_id) {
      change = '\n uploaded Dockerfile\n';
    } else if (build.trigger_metadata && Object.keys(build.trigger_metadata).length > 0) {
      const metadata = build.trigger_metadata;
      const info = metadata.commit_info;
      let commit: string;
      if (info) {
        const ref = str(metadata.ref).split('/');
        const author = info.author
          ? `\n by <a href="${str(info.author.url)}">\n ${info.author.avatar_url ? `\n <img src="${info.author.avatar_url}" width="16" height="16">` : ''}${str(info.author.username)}\n </a>\n`
          : '';
        commit = `\n <a href="${str(info.url)}">\n ${short(metadata.commit)}\n </a> to\n ${ref[1] === 'tags' ? '\n tag\n' : '\n branch\n'} \n ${str(ref[2])}\n ${author}`;
      } else {
        commit = `\n ${short(metadata.commit)}\n`;
      }
      change = `\n change\n ${commit}`;
    } else {
      change = `\n change\n \n to ${str(build.trigger_kind)} repository\n`;
    }
    const error = build.error_message ? `\n<br>${build.error_message}\n` : '';
    return `<a href="${build.homepage}">Build ${short(build.build_id)}</a> ${kind} for\n${change}\n for repository ${str(data.repository)}\n${error}`;
  };
}

const buildSummary = (what: string) => (data: QuayEventData) =>
  `Build ${what} for repository ${str(data.repository)} [${short(data.build_id)}]`;

const SLACK_EVENTS: Record<QuayEvent, SlackEvent> = {
  repo_push: {
    level: () => 'primary',
    summary: (data) => `Repository ${data.repository} updated`,
    message: (data, performer) => {
      const tags = (data.updated_tags as string[] | undefined) ?? [];
      const pushed = tags.length > 0 ? ` ${icon('tags')}\n ${tags.join(', ')} in\n` : '';
      return `\n${performer ? `${performer} pushed` : 'Push of'}\n\n\n${pushed}\n\n repository ${data.repository}`;
    },
  },
  vulnerability_found: {
    level: (data) => {
      const priority = (data.vulnerability as Vulnerability).priority;
      if (priority === 'Critical') return 'error';
      return priority === 'Medium' || priority === 'High' ? 'warning' : 'info';
    },
    summary: (data) => {
      const tags = (data.tags as string[]).length;
      const several = data.vulnerabilities as Vulnerability[] | undefined;
      if (several) {
        const top = several[0].priority ?? 'Unknown';
        const matching = several.filter((v) => (v.priority ?? 'Unknown') === top).length;
        const more = matching < several.length ? ` and ${several.length - matching} more` : '';
        return `${matching} ${top}${more} vulnerabilities were detected in repository ${data.repository} in ${tags} tags`;
      }
      const { priority } = data.vulnerability as Vulnerability;
      return `${str(priority)} vulnerability detected in repository ${data.repository} in ${tags} tags`;
    },
    message: (data) => {
      const vulnerability = data.vulnerability as Vulnerability;
      const several = data.vulnerabilities as Vulnerability[] | undefined;
      const tags = data.tags as string[];
      const head = several?.length
        ? `\n${several.length} vulnerabilities were detected in tags\n`
        : `\nA <a href="${str(vulnerability.link)}">${str(vulnerability.priority)} vulnerability</a> (${str(vulnerability.id)}) was detected in tags/manifests\n`;
      const more = tags.length > 3 ? `(and ${tags.length - 3} more) ` : '';
      return `${head} ${icon('tags')}\n${tags.slice(0, 3).join(', ')} ${more} in\n repository ${data.repository}`;
    },
  },
  repo_mirror_sync_started: {
    level: () => 'info',
    summary: (data) => `Repository Mirror started for ${str(data.message)}`,
    message: mirrorMessage,
  },
  repo_mirror_sync_success: {
    level: () => 'success',
    summary: (data) => `Repository Mirror success for ${str(data.message)}`,
    message: mirrorMessage,
  },
  repo_mirror_sync_failed: {
    level: () => 'error',
    summary: (data) => `Repository Mirror failed for ${str(data.message)}`,
    message: mirrorMessage,
  },
  build_queued: { level: () => 'info', summary: buildSummary('queued'), message: buildMessage('queued') },
  build_start: { level: () => 'info', summary: buildSummary('started'), message: buildMessage('started') },
  build_success: {
    level: () => 'success',
    summary: buildSummary('succeeded'),
    message: buildMessage('completed'),
  },
  build_failure: { level: () => 'error', summary: buildSummary('failure'), message: buildMessage('failure') },
  build_cancelled: {
    level: () => 'info',
    summary: buildSummary('cancelled'),
    message: buildMessage('canceled'),
  },
};

/** Quotes decoded; `&amp;`, `&lt;` and `&gt;` are Slack's own escapes too, and stay. */
const ENTITIES: Record<string, string> = { quot: '"', apos: "'", '#39': "'" };

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
/** Plain text as Slack reads it: `&`, `<` and `>` escaped, so that no text is a mention or a link. */
const escapeSlack = (text: string) => text.replace(/[&<>]/g, (char) => HTML_ESCAPES[char]);

/** The event's data with every string HTML-escaped, as Jinja2's autoescape prints values into Quay's templates. */
function escapedData(value: unknown): unknown {
  if (typeof value === 'string') return escapeHtml(value);
  if (Array.isArray(value)) return value.map(escapedData);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escapedData(item)]));
  }
  return value;
}

/**
 * Quay's format_for_slack: whitespace runs become one space, `<br>` a newline; links become
 * `<href|text>`, bold `*`, italics `_`; other tags vanish. Unlike Quay, `&`, `<` and `>` stay
 * escaped (Slack's escapes), and a `|` in a link is percent-encoded: the tags are the template's,
 * never an event's (its values are escaped into it), so an event makes no mention or link in Slack.
 */
export function formatForSlack(html: string): string {
  const text = html.replace(/\n/g, ' ').replace(/\s+/g, ' ').replace(/<br>/g, '\n');
  return text
    .replace(
      /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g,
      (_, closing: string, name: string, attributes: string) => {
        const tag = name.toLowerCase();
        if (tag === 'a') {
          if (closing) return '>';
          return `<${(/href="([^"]*)"/.exec(attributes)?.[1] ?? '').replace(/\|/g, '%7C')}|`;
        }
        if (tag === 'b' || tag === 'strong') return '*';
        if (tag === 'i') return '_';
        return '';
      },
    )
    .replace(/&(quot|apos|#39);/g, (_, entity: string) => ENTITIES[entity]);
}

/**
 * The Slack message of a notification. `performer` is who caused the event, when known (the
 * pusher, the caller of a test), as Quay's messages name them.
 */
export function renderSlackMessage(
  event: QuayEvent,
  data: QuayEventData,
  performer: string | undefined,
): SlackMessage {
  const slack = SLACK_EVENTS[event];
  const summary = escapeSlack(slack.summary(data));
  const message = slack.message(
    escapedData(data) as QuayEventData,
    performer === undefined ? undefined : escapeHtml(performer),
  );
  return {
    text: summary,
    username: 'quayiobot',
    attachments: [
      {
        fallback: summary,
        text: formatForSlack(message),
        color: COLORS[slack.level(data)],
        mrkdwn_in: ['text'],
      },
    ],
  };
}
