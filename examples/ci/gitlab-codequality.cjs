#!/usr/bin/env node
'use strict';
/**
 * Converts `kubeharden audit --format json` (standard input) into a GitLab Code Quality report (standard output):
 * one issue per finding, for the merge request widget.
 * Usage: node gitlab-codequality.cjs < kubeharden.json > gl-code-quality-report.json
 */
const { createHash } = require('crypto');

/** kubeharden severities as Code Quality severities (info, minor, major, critical, blocker). */
const SEVERITIES = { critical: 'critical', high: 'major', medium: 'minor', low: 'info' };

/** The Code Quality issues of a kubeharden JSON report. */
function toCodeQuality(report) {
  return report.findings.map((finding) => {
    const { kind, namespace, name } = finding.resource;
    const resource = namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
    return {
      description: `${finding.rule}: ${resource} ${finding.message} (at ${finding.path}). Fix: ${finding.fix}`,
      check_name: finding.rule,
      fingerprint: createHash('md5').update([finding.rule, finding.file, resource, finding.path].join('\u0000')).digest('hex'),
      severity: SEVERITIES[finding.severity] || 'info',
      location: { path: finding.file || 'unknown', lines: { begin: finding.line || 1 } },
    };
  });
}

module.exports = { toCodeQuality };

if (require.main === module) {
  const chunks = [];
  process.stdin.on('data', (chunk) => chunks.push(chunk));
  process.stdin.on('end', () => {
    process.stdout.write(`${JSON.stringify(toCodeQuality(JSON.parse(Buffer.concat(chunks).toString('utf8'))), null, 2)}\n`);
  });
}
