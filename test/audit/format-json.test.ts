import { Auditor, AuditSink } from '../../src/audit/engine';
import { formatJson, JsonReportWriter } from '../../src/audit/format-json';
import type { Exemption, Finding } from '../../src/audit/types';
import type { KubeObject } from '../../src/core/types';
import { jsonEntry, jsonReport } from '../fixtures';

const TODAY = '2026-01-01';

const pod = (name: string, spec: Record<string, unknown>, annotations?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', ...(annotations ? { annotations } : {}) },
  spec: { containers: [{ name: 'c', image: 'registry.example.com/app:1' }], ...spec },
});

const objects: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
  pod('web', { hostNetwork: true }),
  pod('api', { serviceAccountName: 'api' }, {
    'kubeharden.io/overrides': JSON.stringify([{ rule: 'image-digest-pinned', justification: 'pinned by the release pipeline at deploy time' }]),
  }),
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'shop' }, automountServiceAccountToken: false },
  pod('job', { serviceAccountName: 'api', hostPID: true }),
];

/** A streamed audit's entries, as the sink receives them. */
function received(items: readonly KubeObject[]) {
  const calls: Array<{ order: number; findings: readonly Finding[]; exemptions: readonly Exemption[] }> = [];
  const sink: AuditSink = { entries: (order, findings, exemptions) => calls.push({ order, findings, exemptions }) };
  const session = new Auditor({ today: TODAY }).start(sink);
  for (const object of items) session.add(object);
  return { calls, report: session.finish() };
}

describe('a streamed audit with a sink', () => {
  test('hands every entry to the sink, in places that give the report of run()', () => {
    const { calls, report } = received(objects);
    const expected = new Auditor({ today: TODAY }).run(objects);
    const byOrder = [...calls].sort((a, b) => a.order - b.order);
    expect(new Set(calls.map((c) => c.order)).size).toBe(calls.length);
    expect(byOrder.flatMap((c) => c.findings)).toEqual(expected.findings);
    expect(byOrder.flatMap((c) => c.exemptions)).toEqual(expected.exemptions);
    expect(report).toEqual({ findings: [], exemptions: [], summary: expected.summary });
  });

  test('without withdraw, hands over final findings at once and those that depend on later objects at the end', () => {
    const { calls } = received(objects);
    const arrival = (rule: string, name: string) => calls.findIndex((c) => c.findings.some((f) => f.rule === rule && f.resource.name === name));
    const call = (rule: string, name: string) => calls[arrival(rule, name)];
    // "web" uses the default service account, which a later object may define: that finding arrives after those of
    // "job", read later, although its place in the report comes before them.
    expect(arrival('no-service-account-token', 'web')).toBeGreaterThan(arrival('no-host-namespaces', 'job'));
    expect(call('no-service-account-token', 'web').order).toBeLessThan(call('no-host-namespaces', 'job').order);
    // "job" names the ServiceAccount read before it, which opts out: nothing is pending for it.
    expect(arrival('no-service-account-token', 'job')).toBe(-1);
  });
});

describe('a streamed audit with a sink that withdraws', () => {
  const tokenOverride = {
    'kubeharden.io/overrides': JSON.stringify([{ rule: 'no-service-account-token', justification: 'the operator calls the Kubernetes API to scale workers' }]),
  };
  const ordered: KubeObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
    pod('web', {}),
    pod('api', { serviceAccountName: 'api' }),
    pod('operator', { serviceAccountName: 'api' }, tokenOverride),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'shop' }, automountServiceAccountToken: false },
    pod('job', { serviceAccountName: 'api', hostPID: true }),
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
  ];
  const orders: Array<[string, KubeObject[]]> = [
    ['in order', ordered],
    ['reversed', [...ordered].reverse()],
    ['rotated', [...ordered.slice(3), ...ordered.slice(0, 3)]],
  ];

  test('hands over a finding that a later object may withdraw at once, and withdraws it when the audit finishes', () => {
    const calls: string[] = [];
    const names = (entries: ReadonlyArray<Finding | Exemption>) => entries.map((e) => `${e.rule} ${e.resource.name}`).join(', ');
    const sink: AuditSink = {
      entries: (order, findings, exemptions) => calls.push(`entries ${order}: ${names(findings)} | ${names(exemptions)}`),
      withdraw: (order, list, position, count) => calls.push(`withdraw ${order} ${list} ${position} ${count}`),
    };
    const rules = ['no-service-account-token', 'network-default-deny'];
    const session = new Auditor({ today: TODAY, rules }).start(sink);
    for (const object of ordered) session.add(object);
    // Each pod's network coverage is deferred (places 2, 4, 6, 8: the policy comes last); its token finding is not.
    expect(calls).toEqual([
      'entries 0: network-default-deny shop | ',
      'entries 1: no-service-account-token web | ',
      'entries 3: no-service-account-token api | ',
      'entries 5:  | no-service-account-token operator',
      'entries 7: no-service-account-token job | ',
    ]);
    calls.length = 0;
    const { summary } = session.finish();
    // The ServiceAccount opts out and the policy denies by default: the last place first.
    expect(calls).toEqual([
      'entries 2:  | ', 'entries 4:  | ', 'entries 6:  | ', 'entries 8:  | ',
      'withdraw 7 findings 0 1', 'withdraw 5 exemptions 0 1', 'withdraw 3 findings 0 1', 'withdraw 0 findings 0 1',
    ]);
    expect(summary).toEqual(new Auditor({ today: TODAY, rules }).run(ordered).summary);
  });

  test.each(orders)('the JSON writer gives the report of run() (%s)', (_, items) => {
    const expected = new Auditor({ today: TODAY }).run(items);
    expect(expected.findings.filter((f) => f.rule === 'no-service-account-token').map((f) => f.resource.name)).toEqual(['web']);
    const writer = new JsonReportWriter();
    const session = new Auditor({ today: TODAY }).start(writer);
    for (const object of items) session.add(object);
    const { summary } = session.finish();
    expect(summary).toEqual(expected.summary);
    expect(writer.summary(items.length)).toEqual(expected.summary);
    expect(JSON.parse(writer.render(summary))).toEqual(jsonReport(expected));
  });

  test('the JSON writer counts a withdrawn finding at the severity it rendered', () => {
    const writer = new JsonReportWriter({ 'no-service-account-token': 'critical' });
    const session = new Auditor({ today: TODAY }).start(writer);
    for (const object of ordered) session.add(object);
    session.finish();
    const parsed = JSON.parse(writer.render(writer.summary(ordered.length)));
    const critical = parsed.findings.filter((f: Finding) => f.severity === 'critical');
    expect(critical.map((f: Finding) => `${f.rule} ${f.resource.name}`)).toContain('no-service-account-token web');
    expect(parsed.summary.bySeverity.critical).toBe(critical.length);
    expect(parsed.summary.findings).toBe(parsed.findings.length);
    expect(parsed.summary.exemptions).toBe(parsed.exemptions.length);
  });
});

describe('the JSON report', () => {
  const report = new Auditor({ today: TODAY }).run(objects);

  test('formatJson prints the report, one entry per line', () => {
    const text = formatJson(report);
    expect(JSON.parse(text)).toEqual(jsonReport(report));
    const lines = text.split('\n');
    expect(lines.slice(0, 2)).toEqual(['{', '  "findings": [']);
    expect(lines.filter((line) => line.startsWith('    {"rule":')).length).toBe(report.findings.length + report.exemptions.length);
    expect(text.endsWith('}\n')).toBe(true);
  });

  test('an empty report', () => {
    const bySeverity = { critical: 0, high: 0, medium: 0, low: 0 };
    const empty = { findings: [], exemptions: [], summary: { objects: 0, findings: 0, exemptions: 0, bySeverity } };
    expect(formatJson(empty)).toBe('{\n  "findings": [],\n  "exemptions": [],\n  "summary": {\n    "objects": 0,\n    "findings": 0,\n'
      + '    "exemptions": 0,\n    "bySeverity": {\n      "critical": 0,\n      "high": 0,\n      "medium": 0,\n      "low": 0\n    }\n  }\n}\n');
  });

  test('the writer of a streamed audit gives the same report, in pieces of any size', () => {
    const writer = new JsonReportWriter();
    const session = new Auditor({ today: TODAY }).start(writer);
    for (const object of objects) session.add(object);
    session.finish();
    expect(writer.summary(report.summary.objects)).toEqual(report.summary);
    const whole = writer.render(report.summary);
    expect(JSON.parse(whole)).toEqual(jsonReport(report));
    for (const size of [1, 200, 5000]) expect([...writer.chunks(report.summary, size)].join('')).toBe(whole);
  });

  test('configured severities replace the catalogue\'s and are counted; appended findings come last', () => {
    const writer = new JsonReportWriter({ 'no-host-namespaces': 'low' });
    const session = new Auditor({ today: TODAY }).start(writer);
    for (const object of objects) session.add(object);
    session.finish();
    const extra: Finding = {
      rule: 'dockerfile-non-root-user',
      severity: 'high',
      message: 'no USER',
      fix: 'Add USER 65532.',
      file: 'Dockerfile',
      line: 1,
      resource: { apiVersion: 'kubeharden.io/v1', kind: 'Dockerfile', name: 'Dockerfile' },
      path: '/',
    };
    writer.append([extra]);
    const summary = writer.summary(5);
    const parsed = JSON.parse(writer.render(summary));
    const hostNamespaces = parsed.findings.filter((f: Finding) => f.rule === 'no-host-namespaces');
    expect(hostNamespaces.length).toBeGreaterThan(0);
    expect(hostNamespaces.every((f: Finding) => f.severity === 'low')).toBe(true);
    expect(parsed.findings[parsed.findings.length - 1]).toEqual(jsonEntry(extra));
    expect(summary.findings).toBe(report.summary.findings + 1);
    expect(summary.bySeverity.low).toBe(report.summary.bySeverity.low + hostNamespaces.length);
    expect(parsed.summary).toEqual(summary);
  });
});

describe('the JSON report of entries it does not know', () => {
  test('keeps fields beyond the report\'s and leaves out undefined ones', () => {
    const writer = new JsonReportWriter();
    const resource = { apiVersion: 'v1', kind: 'Pod', name: 'web' };
    const extra = { rule: 'r', severity: 'high', message: 'm', fix: 'f', resource, path: '/spec', scanner: { name: 'trivy' } } as Finding;
    const sparse = { rule: 'r', severity: 'low', message: 'm', fix: undefined, file: undefined, line: undefined, resource, path: '/' } as unknown as Finding;
    writer.entries(0, [extra, sparse], []);
    const parsed = JSON.parse(writer.render(writer.summary(1)));
    expect(parsed.findings).toEqual([extra, { rule: 'r', severity: 'low', message: 'm', resource, path: '/' }].map(jsonEntry));
  });
});

describe('the JSON report of any text', () => {
  const resource = { apiVersion: 'v1', kind: 'Pod', name: 'wéb', namespace: 'shop' };
  const finding = (message: string, rule = 'no-privileged'): Finding => ({
    rule, severity: 'high', message, fix: 'Fix it.', file: 'ünïcode.yaml', line: 3, resource, path: '/spec/containers/0/name',
  });

  test('keeps every character, from one byte to four in UTF-8, across entries larger than the blocks it encodes into', () => {
    const huge = 'x'.repeat(300 * 1024);
    const findings = [
      finding('plain ASCII'),
      finding('Latin-1 é, CJK 漢字, emoji 😀, separators \u2028\u2029, control \u0001, quote " and backslash \\'),
      finding(`${huge}😀`),
      finding('after the large one', 'no-host-ports'),
    ];
    const writer = new JsonReportWriter();
    writer.entries(0, findings.slice(0, 2), []);
    writer.entries(1, findings.slice(2), []);
    const parsed = JSON.parse(writer.render(writer.summary(2)));
    expect(parsed.findings).toEqual(findings);
  });

  test('renders the same severity and fix of a rule again when an entry changes them', () => {
    const writer = new JsonReportWriter();
    const first = finding('one');
    const second = { ...finding('two'), severity: 'low', fix: 'Another fix.' } as Finding;
    writer.entries(0, [first, second, finding('three')], []);
    expect(JSON.parse(writer.render(writer.summary(1))).findings).toEqual([first, second, finding('three')]);
  });
});
