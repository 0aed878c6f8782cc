/**
 * Renders RULES.md from the rule catalogue: one section per rule with its id, severity, guide section, what it
 * checks, the default kubeharden emits, the fix and how to override it; then the vulnerability gate and the
 * Dockerfile rules, which only audit.
 */
import { NO_CRITICAL_VULNERABILITIES } from '../src/audit/vulnerabilities';
import type { DockerfileRule } from '../src/rules/dockerfile/dockerfile-rule';
import { DOCKERFILE_RULES } from '../src/rules/dockerfile/registry';
import { PSS_CHECK_IDS } from '../src/rules/pss';
import { RULES } from '../src/rules/registry';
import type { Rule, RuleMetadata } from '../src/rules/rule';

const POD_WORKLOADS = 'Pods and pod templates (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, PodTemplate)';

/** The Markdown of RULES.md. */
export function renderRulesDoc(
  rules: readonly Rule[] = RULES,
  dockerfileRules: readonly DockerfileRule[] = DOCKERFILE_RULES,
  vulnerabilityRule: RuleMetadata = NO_CRITICAL_VULNERABILITIES,
): string {
  const lines: string[] = [
    '# Rules',
    '',
    'Generated from the rule catalogue (`src/rules/`) by `npm run docgen`; do not edit by hand.',
    '',
    'Every rule of the Kubernetes catalogue both sets a default in kubeharden\'s constructs and audits objects',
    '(`kubeharden audit`, and the constructs\' own synth-time audit). The vulnerability gate',
    `(\`${vulnerabilityRule.id}\`) and the Dockerfile rules (\`dockerfile-*\`) only audit, in \`kubeharden audit\`.`,
    'Rule ids are stable. A finding at or above `--fail-on` (default `high`) fails the audit; the constructs refuse',
    'any unjustified finding at `medium` or above.',
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
    '## Dockerfiles and image vulnerabilities',
    '',
    '`kubeharden audit` also reads Dockerfiles: files named `Dockerfile`, `Containerfile`, `*.Dockerfile`,',
    '`*.Containerfile`, `Dockerfile.*` or `Containerfile.*`, given on the command line or found in the directories it',
    'walks. Their findings are in the same report, with the Dockerfile as `file`, the instruction\'s `line` and the',
    'resource `{ apiVersion: dockerfile, kind: Dockerfile, name: <file name> }`. `--rules` takes Dockerfile rule ids',
    'like the others; `--rules pss` runs none of them.',
    '',
    `With \`--vulnerabilities <trivy.json>\` (Trivy image reports), rule \`${vulnerabilityRule.id}\` flags the containers`,
    'whose image has vulnerabilities at or above `--vulnerability-threshold` (default `high`); `--require-scan` also',
    'flags the images no report covers, and `--ignore-unfixed` leaves out vulnerabilities without a fixed version.',
    '',
    'Neither has an override: a Dockerfile carries no `kubeharden.io/overrides` annotation and the audit reads no',
    'suppression comment, and the gate trusts the scan. Fix the Dockerfile, accept a vulnerability in the scan itself',
    '(`.trivyignore`, Trivy\'s `--ignore-policy`), or leave a rule out with `--rules`.',
    '',
    '## Summary',
    '',
    '| Rule | Severity | Guide | Pod Security Standards checks |',
    '| --- | --- | --- | --- |',
    ...rules.map((r) => `| [\`${r.id}\`](#${r.id}) | ${r.severity} | ${r.guide} | ${(r.pssChecks ?? []).map((c) => `\`${c}\``).join(', ') || '—'} |`),
    `| [\`${vulnerabilityRule.id}\`](#${vulnerabilityRule.id}) | up to ${vulnerabilityRule.severity} | ${vulnerabilityRule.guide} | — |`,
    ...dockerfileRules.map((r) => `| [\`${r.id}\`](#${r.id}) | ${r.severity} | ${r.guide} | — |`),
    '',
    `The Pod Security Standards checks (${PSS_CHECK_IDS.length}) follow Kubernetes' pod-security-admission, version by version;`,
    'their findings carry the Kubernetes check id in `pssCheck`, and `--rules pss` runs only them.',
    '',
  ];
  for (const rule of rules) {
    lines.push(...ruleSection(rule, rule.severity, [
      `- Applies to: ${rule.appliesTo.map(describeKind).join(', ')}.`,
      ...(rule.pssChecks?.length ? [`- Pod Security Standards checks: ${rule.pssChecks.map((c) => `\`${c}\``).join(', ')}.`] : []),
      `- Default: ${rule.default}.`,
      `- Fix: ${rule.fix}`,
      `- Override: \`{ rule: '${rule.id}', justification: '…' }\``,
    ]));
  }
  lines.push(...ruleSection(vulnerabilityRule, `up to ${vulnerabilityRule.severity} (each finding takes the severity of the worst`
      + ' vulnerability it reports: CRITICAL is critical, HIGH high, MEDIUM medium, LOW and UNKNOWN low; an image without a scan'
      + ' under `--require-scan` is high)', [
    `- Applies to: ${POD_WORKLOADS}, when \`kubeharden audit\` is given Trivy JSON reports (\`trivy image --format json\`)`
      + ' with `--vulnerabilities <trivy.json>` (repeatable, or comma-separated).',
    '- Checks: every container, init container and ephemeral container. An image pinned by digest matches the report on that'
      + ' digest only; any other image matches by its normalised reference (`nginx` is `docker.io/library/nginx:latest`).'
      + ' Vulnerabilities at or above `--vulnerability-threshold` (default `high`) are a finding; `--ignore-unfixed` leaves out'
      + ' those without a fixed version; `--require-scan` makes an image that no report covers a finding.',
    `- Default: ${vulnerabilityRule.default}.`,
    `- Fix: ${vulnerabilityRule.fix}`,
    '- Override: none (the `kubeharden.io/overrides` annotation does not apply). Accept a vulnerability in the scan itself'
      + ' (`.trivyignore`, Trivy\'s `--ignore-policy`), or leave the rule out with `--rules`.',
  ]));
  for (const rule of dockerfileRules) {
    lines.push(...ruleSection(rule, rule.severity, [
      '- Applies to: Dockerfiles (`Dockerfile`, `Containerfile`, `*.Dockerfile`, `*.Containerfile`, `Dockerfile.*`,'
        + ' `Containerfile.*`) given to `kubeharden audit` or found in the directories it walks.',
      `- Expects: ${rule.default}.`,
      `- Fix: ${rule.fix}`,
      '- Override: none (a Dockerfile has no `kubeharden.io/overrides` annotation and no suppression comment). Fix the'
        + ' Dockerfile, or leave the rule out with `--rules`.',
    ]));
  }
  return lines.join('\n');
}

/** A rule's section: heading, title with severity and guide, rationale, then `body` and the references. */
function ruleSection(rule: RuleMetadata, severity: string, body: readonly string[]): string[] {
  return [
    `## ${rule.id}`,
    '',
    `**${rule.title}.** Severity: ${severity}. Guide: ${rule.guide}.`,
    '',
    rule.rationale,
    '',
    ...body,
    ...rule.references.map((r) => `- See: ${r}`),
    '',
  ];
}

function describeKind(kind: string): string {
  return kind === 'pod-workloads' ? POD_WORKLOADS : kind === '*' ? 'every kind' : kind;
}
