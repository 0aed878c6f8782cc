import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { dump } from 'js-yaml';
import { audit, AuditOptions } from '../../src/audit/engine';
import type { KubeObject } from '../../src/core/types';
import { run } from '../cli/run';
import { PINNED_IMAGE } from '../fixtures';

const TODAY = '2026-11-28';
const JUSTIFICATION = 'Node agents need host access; reviewed by platform security in SEC-88';

/** The Namespace `ops` with Pod Security labels `labels` (without their prefix) and, optionally, overrides. */
function namespace(labels: Record<string, string>, overrides?: object[]): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: 'ops',
      labels: Object.fromEntries(Object.entries(labels).map(([key, value]) => [`pod-security.kubernetes.io/${key}`, value])),
      ...(overrides ? { annotations: { 'kubeharden.io/overrides': JSON.stringify(overrides) } } : {}),
    },
  };
}

/** A pod of `ops` whose one container sets `securityContext`, and nothing else. */
function pod(securityContext: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'agent', namespace: 'ops' },
    spec: { containers: [{ name: 'agent', image: PINNED_IMAGE, securityContext, ...extra }] },
  } as KubeObject;
}

/** The Pod Security checks reported on the pod. */
function podChecks(objects: KubeObject[], options: AuditOptions = {}): string[] {
  return audit(objects, { rules: 'pss', today: TODAY, ...options }).findings
    .filter((f) => f.resource.kind === 'Pod').map((f) => f.pssCheck!).sort();
}

const PRIVILEGED = pod({ privileged: true });
const ALL_RESTRICTED = ['allowPrivilegeEscalation', 'capabilities_restricted', 'privileged', 'runAsNonRoot', 'seccompProfile_restricted'];

describe('without --pss, pods are checked at what their Namespace enforces', () => {
  test('a Namespace that enforces restricted, or none in the input: restricted', () => {
    expect(podChecks([namespace({ 'enforce': 'restricted', 'enforce-version': 'v1.35' }), PRIVILEGED])).toEqual(ALL_RESTRICTED);
    expect(podChecks([PRIVILEGED])).toEqual(ALL_RESTRICTED);
  });

  test('a weaker level is the one the pods are checked at, and is reported on the Namespace', () => {
    expect(podChecks([namespace({ 'enforce': 'baseline', 'enforce-version': 'v1.35' }), PRIVILEGED])).toEqual(['privileged']);
    expect(podChecks([namespace({ 'enforce': 'privileged', 'enforce-version': 'v1.35' }), PRIVILEGED])).toEqual([]);
    for (const [level, severity] of [['baseline', 'medium'], ['privileged', 'high']]) {
      const report = audit([namespace({ 'enforce': level, 'enforce-version': 'v1.35' }), PRIVILEGED], { today: TODAY });
      expect(report.findings).toContainEqual(expect.objectContaining({
        rule: 'pss-namespace-labels', severity, message: `namespace "ops" enforces the ${level} level, not restricted`,
      }));
    }
  });

  test('in a Namespace that enforces privileged, the guide\'s rules still hold pods to baseline; --rules pss reports what it admits', () => {
    const justified = [{ rule: 'pss-namespace-labels', justification: JUSTIFICATION }];
    const objects = [namespace({ 'enforce': 'privileged', 'enforce-version': 'v1.35' }, justified), pod({ privileged: true }, { ports: [{ containerPort: 80, hostPort: 80 }] })];
    const findings = (rules: AuditOptions['rules']) => audit(objects, { rules, today: TODAY }).findings
      .filter((f) => f.resource.kind === 'Pod' && f.pssCheck).map((f) => `${f.rule} ${f.severity} ${f.pssCheck}`).sort();
    expect(findings('all')).toEqual(['no-host-ports high hostPorts', 'no-privileged critical privileged']);
    expect(findings(['no-privileged'])).toEqual(['no-privileged critical privileged']);
    expect(findings('pss')).toEqual([]);
  });

  test('a justified weaker level is an exemption on the Namespace', () => {
    const justified = [{ rule: 'pss-namespace-labels', justification: JUSTIFICATION }];
    const report = audit([namespace({ 'enforce': 'privileged', 'enforce-version': 'v1.35' }, justified), PRIVILEGED], { today: TODAY });
    expect(report.findings.filter((f) => f.rule === 'pss-namespace-labels')).toEqual([]);
    expect(report.exemptions).toContainEqual(expect.objectContaining({ rule: 'pss-namespace-labels', severity: 'high', justification: JUSTIFICATION }));
  });

  test('a pinned version is the one the pods are checked at, unless it predates the guide\'s checks without a justification', () => {
    // hostProbesAndHostLifecycle exists from v1.34; capabilities_restricted from v1.22.
    const probing = pod({ allowPrivilegeEscalation: false, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      { readinessProbe: { httpGet: { host: '169.254.169.254', port: 80 } } });
    expect(podChecks([namespace({ 'enforce': 'restricted', 'enforce-version': 'v1.30' }), probing])).toEqual(['capabilities_restricted']);
    expect(podChecks([namespace({ 'enforce': 'restricted', 'enforce-version': 'v1.35' }), probing])).toEqual(['capabilities_restricted', 'hostProbesAndHostLifecycle']);
    expect(podChecks([namespace({ 'enforce': 'restricted', 'enforce-version': 'v1.21' }), probing])).toEqual(['capabilities_restricted', 'hostProbesAndHostLifecycle']);
    const justified = [{ rule: 'pss-namespace-labels', justification: JUSTIFICATION }];
    expect(podChecks([namespace({ 'enforce': 'restricted', 'enforce-version': 'v1.21' }, justified), probing])).toEqual([]);
    for (const override of [{ ...justified[0], expires: '2026-01-31' }, { rule: 'pss-namespace-labels', justification: 'old nodes' }]) {
      expect(podChecks([namespace({ 'enforce': 'restricted', 'enforce-version': 'v1.21' }, [override]), probing]))
        .toEqual(['capabilities_restricted', 'hostProbesAndHostLifecycle']);
    }
  });

  test('--pss and --pss-version win over the Namespace', () => {
    const justified = [{ rule: 'pss-namespace-labels', justification: JUSTIFICATION }];
    expect(podChecks([namespace({ enforce: 'privileged' }, justified), PRIVILEGED], { pss: 'restricted' })).toEqual(ALL_RESTRICTED);
    expect(podChecks([namespace({ 'enforce': 'restricted', 'enforce-version': 'v1.35' }), PRIVILEGED], { pssVersion: 'v1.21' }))
      .toEqual(['allowPrivilegeEscalation', 'privileged', 'runAsNonRoot', 'seccompProfile_restricted']);
  });
});

describe('kubeharden audit', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubeharden-namespace-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a Namespace that enforces privileged without a justification fails the default gate', async () => {
    const file = join(dir, 'ops.yaml');
    writeFileSync(file, [namespace({ 'enforce': 'privileged', 'enforce-version': 'v1.35' }), PRIVILEGED].map((o) => dump(o)).join('---\n'));
    const result = await run(['audit', file, '--rules', 'pss-namespace-labels', '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings).toContainEqual(expect.objectContaining({ rule: 'pss-namespace-labels', severity: 'high' }));
    const restricted = await run(['audit', file, '--rules', 'pss', '--pss', 'restricted', '--format', 'json']);
    expect(JSON.parse(restricted.stdout).findings).toContainEqual(expect.objectContaining({ rule: 'no-privileged', severity: 'critical', pssCheck: 'privileged' }));
  });
});
