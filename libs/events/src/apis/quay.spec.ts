import type { CanonicalEvent } from '../canonical-event';
import type { ContentsOf } from '../contents-schemas';
import type { EventType } from '../event-types';
import { EXAMPLE_CONTENTS } from '../example-contents';
import {
  buildRefMatches,
  notifiedVulnerabilities,
  priorityForIndex,
  pythonInt,
  QuayApiFields,
  quayConfigProblem,
  QuayEvent,
  quayNotificationWants,
  repositoryScanThreshold,
  requestedPriority,
  scanVulnerabilities,
} from './quay';

const notification = (event: QuayEvent, eventConfig: Record<string, unknown> = {}): QuayApiFields => ({
  uuid: 'u1',
  event,
  method: 'webhook',
  config: { url: 'https://example.com/hook' },
  eventConfig,
  title: null,
});

const event = (type: EventType, contents: object = {}): CanonicalEvent => ({
  id: 'e1',
  type,
  occurredAt: '2026-11-23T06:00:49.428Z',
  source: 'scanner',
  contents: { ...EXAMPLE_CONTENTS[type], ...contents },
  dedupKey: 'd1',
});

const scan = (
  critical: number,
  major: number,
  minor: number,
  extra: object = {},
): ContentsOf<'SCAN_COMPLETED'> => ({
  ...EXAMPLE_CONTENTS.SCAN_COMPLETED,
  scanSummary: { ...EXAMPLE_CONTENTS.SCAN_COMPLETED.scanSummary, critical, major, minor },
  ...extra,
});

const named = scan(1, 1, 0, {
  vulnerabilities: [
    { id: 'CVE-2', severity: 'High', fixedBy: '' },
    { id: 'CVE-1', severity: 'Critical', description: 'd', link: 'https://cve/1', fixedBy: '1.2' },
    { id: 'CVE-3', severity: 'Negligible' },
  ],
});

describe('Quay vocabulary', () => {
  it("stands a count-only scan for one finding at DTR's highest count: critical/major/minor = Critical/High/Low", () => {
    const top = (critical: number, major: number, minor: number) =>
      scanVulnerabilities(scan(critical, major, minor))[0]?.priority;
    expect([top(1, 1, 1), top(0, 3, 1), top(0, 0, 2), top(0, 0, 0)]).toEqual([
      'Critical',
      'High',
      'Low',
      undefined,
    ]);
    expect(scanVulnerabilities(scan(0, 2, 5))).toEqual([
      {
        id: '',
        description: '0 critical, 2 major and 5 minor vulnerabilities in registry.example.com/foo/bar:latest',
        link: '',
        priority: 'High',
        has_fix: false,
      },
    ]);
  });

  it("names the scanner's vulnerabilities, most severe first, has_fix from fixedBy", () => {
    expect(scanVulnerabilities(named)).toEqual([
      { id: 'CVE-1', description: 'd', link: 'https://cve/1', priority: 'Critical', has_fix: true },
      { id: 'CVE-2', description: '', link: '', priority: 'High', has_fix: false },
      { id: 'CVE-3', description: '', link: '', priority: 'Negligible', has_fix: false },
    ]);
  });

  // data/registry_model/test/test_interface.py test_lookup_secscan_notification_severities and the
  // worker's loop in workers/securityscanningnotificationworker.py.
  it("sets the repository threshold at Critical, lowered only by its notifications' priorities", () => {
    expect(repositoryScanThreshold([])).toBe('Critical');
    expect(repositoryScanThreshold(['Critical', 'Low'])).toBe('Low');
    expect(repositoryScanThreshold(['Severe', 'High'])).toBe('High');
    expect(repositoryScanThreshold(['Severe', null, ''])).toBe('Critical');
  });

  // workers/test/test_securityscanningnotificationworker.py: "severity_too_low" and the plain case.
  it('notifies of vulnerabilities at least the threshold, of tagged images only', () => {
    const ids = (
      fields: QuayApiFields,
      contents: ContentsOf<'SCAN_COMPLETED'>,
      threshold: 'Critical' | 'High' | 'Low',
    ) => notifiedVulnerabilities(fields, contents, threshold).map((v) => v.id || v.priority);
    expect(ids(notification('vulnerability_found'), named, 'Critical')).toEqual(['CVE-1']);
    expect(ids(notification('vulnerability_found'), named, 'High')).toEqual(['CVE-1', 'CVE-2']);
    expect(ids(notification('vulnerability_found'), scan(0, 0, 4), 'Critical')).toEqual([]);
    expect(ids(notification('vulnerability_found'), scan(0, 0, 4), 'Low')).toEqual(['Low']);
    expect(ids(notification('vulnerability_found'), scan(1, 0, 0, { tag: '' }), 'Low')).toEqual([]);
  });

  // notifications/test/test_notificationevent.py test_vulnerability_notification_*.
  it('applies eventConfig.level as should_perform does: priority index at most the level', () => {
    const level = (value: unknown) =>
      notifiedVulnerabilities(notification('vulnerability_found', { level: value }), named, 'Low').map(
        (v) => v.id,
      );
    expect(level(3)).toEqual(['CVE-1', 'CVE-2']);
    expect(level(1)).toEqual(['CVE-1', 'CVE-2']);
    expect(level('0')).toEqual(['CVE-1']);
    expect(level(5)).toEqual(['CVE-1', 'CVE-2']);
    expect(level('low')).toEqual([]);
    expect(level(null)).toEqual([]);
  });

  it("reads integers as Python's int() does", () => {
    expect([pythonInt(3), pythonInt(2.9), pythonInt(' 4 '), pythonInt('1_0'), pythonInt(true)]).toEqual([
      3, 2, 4, 10, 1,
    ]);
    expect([pythonInt('2.5'), pythonInt(null), pythonInt([]), pythonInt('')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("names the sample data's priority by index, Unknown for anything else (get_priority_for_index)", () => {
    expect([
      priorityForIndex(0),
      priorityForIndex('1'),
      priorityForIndex('Critical'),
      priorityForIndex(9),
    ]).toEqual(['Critical', 'High', 'Unknown', 'Unknown']);
  });

  it('reads the requested priority only from a vulnerability object', () => {
    expect(requestedPriority({ vulnerability: { priority: 'High' } })).toBe('High');
    expect(requestedPriority({ vulnerability: 'High' })).toBeUndefined();
    expect(requestedPriority({ vulnerability: null })).toBeUndefined();
    expect(requestedPriority({})).toBeUndefined();
  });

  // notifications/test/test_notificationevent.py test_build_*.
  it.each([
    [{}, undefined, true],
    [{ 'ref-regex': '' }, undefined, true],
    [{ 'ref-regex': '][' }, 'refs/heads/somebranch', false],
    [{ 'ref-regex': 'refs/heads/master' }, undefined, false],
    [{ 'ref-regex': 'refs/heads/master' }, 'refs/heads/somebranch', false],
    [{ 'ref-regex': 'refs/heads/master' }, 'refs/heads/master', true],
    [{ 'ref-regex': 'refs/heads/.+' }, 'refs/tags/sometag', false],
    [{ 'ref-regex': 'refs/heads/.+' }, 'refs/heads/somebranch', true],
    [{ 'ref-regex': 'heads' }, 'refs/heads/x', false],
  ])('filters build events by ref-regex %j on ref %s', (eventConfig, ref, expected) => {
    expect(buildRefMatches(eventConfig, ref)).toBe(expected);
  });

  it('tells build_success from build_failure by the outcome, and checks the ref of every build event', () => {
    const context = { scanThreshold: 'Critical' } as const;
    const failed = event('BUILD_COMPLETED', { status: 'failed' });
    expect(quayNotificationWants(notification('build_failure'), failed, context)).toBe(true);
    expect(quayNotificationWants(notification('build_success'), failed, context)).toBe(false);
    const main = notification('build_queued', { 'ref-regex': 'refs/heads/main' });
    expect(quayNotificationWants(main, event('BUILD_QUEUED'), context)).toBe(false);
    const triggered = event('BUILD_QUEUED', { trigger: { kind: 'github', id: 't', ref: 'refs/heads/main' } });
    expect(quayNotificationWants(main, triggered, context)).toBe(true);
    expect(quayNotificationWants(notification('repo_push'), event('TAG_PUSH'), context)).toBe(true);
  });

  // notifications/test/test_notificationmethod.py test_validate_webhook and test_validate_slack.
  it.each([
    ['webhook', {}, 'Missing webhook URL'],
    ['webhook', { url: 'telnet://example.com' }, 'Invalid webhook URL'],
    ['webhook', { url: 'http://example.com' }, undefined],
    ['webhook', { url: 'not a url' }, 'Invalid webhook URL'],
    ['webhook', { url: 42 }, 'Invalid webhook URL'],
    ['slack', {}, 'Missing Slack Callback URL'],
    ['slack', { url: 'http://example.com' }, undefined],
  ] as const)("checks a %s config %j in Quay's words", (method, config, problem) => {
    expect(quayConfigProblem(method, config)).toBe(problem);
  });
});
