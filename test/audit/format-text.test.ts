import { formatText, shouldColor, summaryLine, textPieces } from '../../src/audit/format-text';
import type { AuditReport } from '../../src/audit/types';
import { fixture, run } from '../cli/run';

const EMPTY_COUNTS = { critical: 0, high: 0, medium: 0, low: 0 };

describe('--format text', () => {
  test('findings grouped by resource, most severe first, with path and fix; exemptions with their justification; a summary', async () => {
    const rules = 'no-privileged,image-digest-pinned,no-external-exposure,read-only-root-filesystem,trusted-registry';
    const result = await run(['audit', fixture('insecure.yaml'), fixture('exempted.yaml'), '--rules', rules]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatchSnapshot();
    expect(result.stdout).not.toContain('\u001b[');
    expect(result.stdout.trimEnd().split('\n').pop()).toBe('6 findings (1 critical, 4 high, 1 low), 1 exemption, 4 objects');
  });

  test('colour only on a terminal', async () => {
    const previous = process.env.NO_COLOR;
    delete process.env.NO_COLOR;
    try {
      const tty = await run(['audit', fixture('insecure.yaml')], { isTty: true });
      expect(tty.stdout).toContain('\u001b[1;31mCRITICAL \u001b[0m');
      const piped = await run(['audit', fixture('insecure.yaml')], { isTty: false });
      expect(piped.stdout).toBe(tty.stdout.replace(/\u001b\[[\d;]*m/g, ''));
    } finally {
      if (previous !== undefined) process.env.NO_COLOR = previous;
    }
  });

  test('NO_COLOR turns colour off', () => {
    expect(shouldColor(true, {})).toBe(true);
    expect(shouldColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(shouldColor(true, { NO_COLOR: '' })).toBe(true);
    expect(shouldColor(false, {})).toBe(false);
  });

  test('the summary line counts severities that occur, in order', () => {
    expect(summaryLine({ objects: 40, findings: 12, exemptions: 2, bySeverity: { critical: 3, high: 9, medium: 0, low: 0 } }))
      .toBe('12 findings (3 critical, 9 high), 2 exemptions, 40 objects');
    expect(summaryLine({ objects: 1, findings: 1, exemptions: 1, bySeverity: { ...EMPTY_COUNTS, low: 1 } }))
      .toBe('1 finding (1 low), 1 exemption, 1 object');
    expect(summaryLine({ objects: 0, findings: 0, exemptions: 0, bySeverity: EMPTY_COUNTS })).toBe('0 findings, 0 exemptions, 0 objects');
  });

  test('objects audited in memory have no location', () => {
    const report: AuditReport = {
      findings: [{
        rule: 'no-external-exposure',
        severity: 'high',
        message: 'Service "web" is of type NodePort',
        fix: 'Use type: ClusterIP.',
        resource: { apiVersion: 'v1', kind: 'Service', name: 'web' },
        path: '/spec/type',
      }],
      exemptions: [],
      summary: { objects: 1, findings: 1, exemptions: 0, bySeverity: { ...EMPTY_COUNTS, high: 1 } },
    };
    expect(formatText(report)).toBe([
      'Service/web',
      '  HIGH     no-external-exposure: Service "web" is of type NodePort',
      '           at /spec/type',
      '           fix: Use type: ClusterIP.',
      '',
      '1 finding (1 high), 0 exemptions, 1 object',
      '',
    ].join('\n'));
  });

  test('a large report comes in pieces that end between resources and join to the whole text', () => {
    const finding = (name: string, rule: string, line: number) => ({
      rule,
      severity: 'high' as const,
      message: `Service "${name}" is of type NodePort`,
      fix: 'Use type: ClusterIP.',
      file: 'services.yaml',
      line,
      // A new reference per finding: entries of one object are grouped by value, not by reference.
      resource: { apiVersion: 'v1', kind: 'Service', name },
      path: '/spec/type',
    });
    const findings = Array.from({ length: 40 }, (_, i) => [finding(`web-${i}`, 'no-external-exposure', 10 * i + 1), finding(`web-${i}`, 'trusted-registry', 10 * i + 1)]).flat();
    const report: AuditReport = {
      findings,
      exemptions: [],
      summary: { objects: 40, findings: 80, exemptions: 0, bySeverity: { ...EMPTY_COUNTS, high: 80 } },
    };
    const pieces = [...textPieces(report, {}, 500)];
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join('')).toBe(formatText(report));
    for (const piece of pieces.slice(0, -1)) expect(piece).toMatch(/\n\n$/);
    expect(formatText(report).match(/^Service\/web-\d+ \(services\.yaml:\d+\)$/gm)).toHaveLength(40);
  });
});
