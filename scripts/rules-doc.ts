/**
 * Renders RULES.md from the rule catalogue: one section per rule with its id, severity, guide section, what it
 * checks, the default kubeharden emits, the fix and how to override it.
 */
import { PSS_CHECK_IDS } from '../src/rules/pss';
import { RULES } from '../src/rules/registry';
import type { Rule } from '../src/rules/rule';

/** The Markdown of RULES.md. */
export function renderRulesDoc(rules: readonly Rule[] = RULES): string {
  const lines: string[] = [
    '# Rules',
    '',
    'Generated from the rule catalogue (`src/rules/`) by `npm run docgen`; do not edit by hand.',
    '',
    'Every rule both sets a default in kubeharden\'s constructs and audits objects (`kubeharden audit`, and the',
    'constructs\' own synth-time audit). Rule ids are stable. A finding at or above `--fail-on` (default `high`) fails',
    'the audit; the constructs refuse any unjustified finding at `medium` or above.',
    '',
    '## Overriding a rule',
    '',
    'Constructs take `overrides: [{ rule, justification, expires? }]`. The justification must explain the decision',
    '(at least 20 characters, no placeholder); `expires` (YYYY-MM-DD) makes the override an error after that day.',
    'Applied overrides are written to the `kubeharden.io/overrides` annotation (a JSON array of the same objects),',
    'which `kubeharden audit` honours on any YAML and reports as exemptions:',
    '',
    '```yaml',
    'metadata:',
    '  annotations:',
    '    kubeharden.io/overrides: \'[{"rule":"read-only-root-filesystem","justification":"Writes its cache to /var/lib/legacy; SEC-150"}]\'',
    '```',
    '',
    '## Summary',
    '',
    '| Rule | Severity | Guide | Pod Security Standards checks |',
    '| --- | --- | --- | --- |',
    ...rules.map((r) => `| [\`${r.id}\`](#${r.id}) | ${r.severity} | ${r.guide} | ${(r.pssChecks ?? []).map((c) => `\`${c}\``).join(', ') || '—'} |`),
    '',
    `The Pod Security Standards checks (${PSS_CHECK_IDS.length}) follow Kubernetes' pod-security-admission, version by version;`,
    'their findings carry the Kubernetes check id in `pssCheck`, and `--rules pss` runs only them.',
    '',
  ];
  for (const rule of rules) {
    lines.push(
      `## ${rule.id}`,
      '',
      `**${rule.title}.** Severity: ${rule.severity}. Guide: ${rule.guide}.`,
      '',
      rule.rationale,
      '',
      `- Applies to: ${rule.appliesTo.map(describeKind).join(', ')}.`,
      ...(rule.pssChecks?.length ? [`- Pod Security Standards checks: ${rule.pssChecks.map((c) => `\`${c}\``).join(', ')}.`] : []),
      `- Default: ${rule.default}.`,
      `- Fix: ${rule.fix}`,
      `- Override: \`{ rule: '${rule.id}', justification: '…' }\``,
      ...rule.references.map((r) => `- See: ${r}`),
      '',
    );
  }
  return lines.join('\n');
}

function describeKind(kind: string): string {
  return kind === 'pod-workloads'
    ? 'Pods and pod templates (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, PodTemplate)'
    : kind === '*' ? 'every kind' : kind;
}
