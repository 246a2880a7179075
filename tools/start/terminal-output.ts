import { prettyFactory } from 'pino-pretty';

/** Nest's start-up chatter (one line per module and route): in a terminal it buries what matters. */
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

interface LogLine {
  level?: number;
  msg?: string;
  context?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  [key: string]: unknown;
}

/**
 * How an app's output line is shown: as it came (JSON, for log collectors), or, in a terminal,
 * through pino-pretty, without Nest's boot chatter; null hides the line.
 */
export function lineFormatter(human: boolean): (line: string) => string | null {
  if (!human) return (line) => line;
  const pretty = prettyFactory({
    colorize: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,name,context,req,res,responseTime',
    singleLine: true,
    messageFormat: (log: LogLine, messageKey: string) => {
      const message = String(log[messageKey] ?? '');
      if (log.req && log.res) {
        return `${log.req.method} ${log.req.url} → ${log.res.statusCode} (${log.responseTime} ms)`;
      }
      return log.context ? `[${log.context}] ${message}` : message;
    },
  });
  return (line) => {
    if (!line.trim()) return null;
    if (!line.startsWith('{')) return line;
    let parsed: LogLine;
    try {
      parsed = JSON.parse(line) as LogLine;
    } catch {
      return line;
    }
    if (parsed.context && BOOT_CONTEXTS.has(parsed.context)) return null;
    return pretty(parsed).trimEnd();
  };
}

/**
 * Watches the apps' output for what the first screen tells: each app listening, and the admin
 * token the gateway prints once on first start (a plain-text block, never a log line).
 */
export class StartupWatcher {
  readonly listening = new Set<string>();
  adminToken?: string;
  private tokenFollows = false;

  constructor(private readonly apps: readonly string[]) {}

  /** Reads one line of `app`; true when it was the admin token block, which the banner shows instead. */
  read(app: string, line: string): boolean {
    if (/ listening on port \d+/.test(line)) this.listening.add(app);
    if (/Its API token \(shown once\)/.test(line)) {
      this.tokenFollows = true;
      return true;
    }
    if (this.tokenFollows) {
      const token = line.trim();
      if (token) {
        this.adminToken = token;
        this.tokenFollows = false;
      }
      return true;
    }
    return false;
  }

  get allListening(): boolean {
    return this.apps.every((app) => this.listening.has(app));
  }
}

export interface BannerFacts {
  gatewayUrl: string;
  ingestUrl: string;
  adminUsername: string;
  /** Printed on first start only; otherwise the operator has it (or ADMIN_TOKEN). */
  adminToken?: string;
  adminTokenFromEnv: boolean;
}

/** The first screen once everything runs: where the console is, how to sign in, where registries send events. */
export function banner(facts: BannerFacts): string[] {
  const signIn = facts.adminToken
    ? [
        `  Admin token  ${facts.adminToken}`,
        '               shown this once: keep it (only its hash is stored)',
      ]
    : facts.adminTokenFromEnv
      ? [`  Sign in as ${facts.adminUsername} with the token in ADMIN_TOKEN`]
      : [`  Sign in as ${facts.adminUsername} with the token printed on first start`];
  return [
    '',
    '  Hookyard is running',
    '',
    `  Console      ${facts.gatewayUrl}/   (user ${facts.adminUsername})`,
    ...signIn,
    `  Ingest       ${facts.ingestUrl}/events/distribution   (registry notifications, Bearer INGEST_TOKEN)`,
    `  API docs     ${facts.gatewayUrl}/api/docs`,
    '',
  ];
}
