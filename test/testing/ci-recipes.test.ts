import { readFileSync } from 'fs';
import { join } from 'path';
import * as yaml from 'js-yaml';
import { audit } from '../../src/audit/engine';
import { formatJson } from '../../src/audit/format-json';
import { USAGE } from '../../src/cli/main';
import { compliantDeployment, compliantPolicy } from '../fixtures';

const CI_DIR = join(__dirname, '..', '..', 'examples', 'ci');
const read = (name: string) => readFileSync(join(CI_DIR, name), 'utf8');

/** Options the recipes may use before `kubeharden --help` lists them (none: every option they use is documented). */
const ANNOUNCED_OPTIONS: ReadonlySet<string> = new Set([]);

/** The audit options `kubeharden --help` documents, with their values when it lists them as `a|b|c`. */
function documentedOptions(usage: string): Map<string, readonly string[] | undefined> {
  const options = new Map<string, readonly string[] | undefined>();
  const section = usage.slice(usage.indexOf('Audit options:'));
  for (const match of section.matchAll(/^\s+(--[a-z-]+)(?:\s+(\S+))?/gm)) {
    const values = match[2]?.split('|');
    const enumerated = values && values.length > 1 && values.every((v) => /^[a-z]+$/.test(v)) ? values : undefined;
    options.set(match[1], enumerated);
  }
  return options;
}

/** Every string of a YAML document (scripts, run steps, entries). */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

/** The words after `kubeharden audit` in each command line of `text`, up to a redirection, pipe or list operator. */
function auditCommands(text: string): string[][] {
  const commands: string[][] = [];
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const at = line.search(/\bkubeharden audit\b/);
    if (at === -1 || line.trimStart().startsWith('#')) continue;
    const words: string[] = [];
    for (const word of line.slice(at + 'kubeharden audit'.length).split(/\s+/).filter((w) => w !== '')) {
      if (/^(\d?>|<|\||&&|;)/.test(word)) break;
      words.push(word.replace(/;$/, ''));
      if (word.endsWith(';')) break;
    }
    commands.push(words);
  }
  return commands;
}

/** Problems with the options of one command, against the documented ones. */
function optionProblems(words: readonly string[], documented: Map<string, readonly string[] | undefined>): string[] {
  const problems: string[] = [];
  words.forEach((word, i) => {
    if (!word.startsWith('--')) return;
    const [option, inline] = word.split('=');
    const value = inline ?? words[i + 1];
    if (!documented.has(option) && !ANNOUNCED_OPTIONS.has(option)) problems.push(`${option} is not documented in kubeharden --help`);
    const allowed = documented.get(option);
    if (allowed && !allowed.includes(value)) problems.push(`${option} ${value}: kubeharden --help allows ${allowed.join('|')}`);
  });
  return problems;
}

const documented = documentedOptions(USAGE);

/** Each recipe and the audit command lines it contains. */
const RECIPES: ReadonlyArray<[string, string[][]]> = [
  ['github-actions.yml', auditCommands(stringsOf(yaml.load(read('github-actions.yml'))).join('\n'))],
  ['gitlab-ci.yml', auditCommands(stringsOf(yaml.load(read('gitlab-ci.yml'))).join('\n'))],
  ['pre-commit-config.yaml', auditCommands(stringsOf(yaml.load(read('pre-commit-config.yaml'))).join('\n'))],
  ['.pre-commit-hooks.yaml', (yaml.load(read('.pre-commit-hooks.yaml')) as any[]).map((hook) => [...auditCommands(hook.entry)[0], ...(hook.args ?? [])])],
  ['pre-commit.sh', auditCommands(read('pre-commit.sh'))],
];

describe('CI recipes use only documented kubeharden audit options', () => {
  test('the usage text lists the audit options with their values', () => {
    expect(documented.get('--format')).toEqual(['text', 'json', 'sarif']);
    expect(documented.get('--fail-on')).toEqual(['critical', 'high', 'medium', 'low', 'never']);
    expect(documented.get('--vulnerability-threshold')).toEqual(['critical', 'high', 'medium', 'low']);
    expect([...documented.keys()]).toEqual(expect.arrayContaining(['--vulnerabilities', '--require-scan', '--ignore-unfixed', '--config', '--no-config']));
  });

  test.each(RECIPES)('%s', (_name, commands) => {
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.flatMap((words) => optionProblems(words, documented))).toEqual([]);
  });

  test('the check catches an undocumented option and a bad value', () => {
    expect(optionProblems(['dist/', '--output', 'x', '--format', 'html'], documented)).toEqual([
      '--output is not documented in kubeharden --help',
      '--format html: kubeharden --help allows text|json|sarif',
    ]);
  });
});

describe('github-actions.yml', () => {
  const workflow = yaml.load(read('github-actions.yml')) as any;
  const steps: any[] = workflow.jobs.audit.steps;
  const runs = steps.map((s) => s.run).filter(Boolean) as string[];

  test('writes SARIF with a Trivy report, uploads it to code scanning, then gates on high', () => {
    expect(runs).toContain('npx kubeharden audit dist/ --vulnerabilities trivy.json --format sarif --fail-on never > kubeharden.sarif');
    const upload = steps.find((s) => String(s.uses).startsWith('github/codeql-action/upload-sarif@'));
    expect(upload.with.sarif_file).toBe('kubeharden.sarif');
    expect(workflow.jobs.audit.permissions['security-events']).toBe('write');
    const trivy = steps.find((s) => String(s.uses).startsWith('aquasecurity/trivy-action@'));
    expect(trivy.with).toMatchObject({ format: 'json', output: 'trivy.json' });
    expect(runs[runs.length - 1]).toBe('npx kubeharden audit dist/ --vulnerabilities trivy.json --fail-on high');
    expect(steps.indexOf(upload)).toBeLessThan(steps.length - 1);
  });
});

describe('gitlab-ci.yml', () => {
  const pipeline = yaml.load(read('gitlab-ci.yml')) as any;

  test('publishes a Code Quality report and gates on high', () => {
    const job = pipeline.kubeharden;
    expect(job.artifacts.reports.codequality).toBe('gl-code-quality-report.json');
    expect(job.script).toContain('node ci/gitlab-codequality.cjs < kubeharden.json > gl-code-quality-report.json');
    expect(job.script[job.script.length - 1]).toBe('npx kubeharden audit dist/ --vulnerabilities trivy.json --fail-on high');
    expect(pipeline.trivy.script).toEqual(['trivy image --format json --output trivy.json "$IMAGE"']);
  });

  test('gitlab-codequality.cjs turns kubeharden JSON into Code Quality issues', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { toCodeQuality } = require(join(CI_DIR, 'gitlab-codequality.cjs'));
    const deployment = compliantDeployment();
    deployment.spec.template.spec.containers[0].image = 'nginx:1.27';
    const report = audit([{ object: deployment, file: 'dist/shop.k8s.yaml', line: 3 }, compliantPolicy()], { rules: ['image-digest-pinned', 'trusted-registry'] });
    const issues = toCodeQuality(JSON.parse(formatJson(report)));
    expect(issues.map(({ fingerprint, ...issue }: any) => issue)).toEqual([
      {
        description: 'image-digest-pinned: Deployment/shop/app container "app" image "nginx:1.27" is not pinned by digest '
          + '(at /spec/template/spec/containers/0/image). Fix: Pin the image by digest: get it with `crane digest <image>` or '
          + '`docker buildx imagetools inspect <image>`, then write <image>@sha256:<digest>.',
        check_name: 'image-digest-pinned',
        severity: 'major',
        location: { path: 'dist/shop.k8s.yaml', lines: { begin: 3 } },
      },
      {
        description: 'trusted-registry: Deployment/shop/app container "app" image "nginx:1.27" names no registry, so it is pulled from Docker Hub '
          + '(at /spec/template/spec/containers/0/image). Fix: Reference the image through your own registry (registry.example.com/team/app@sha256:<digest>), '
          + 'or add its registry to allowedRegistries.',
        check_name: 'trusted-registry',
        severity: 'info',
        location: { path: 'dist/shop.k8s.yaml', lines: { begin: 3 } },
      },
    ]);
    expect(new Set(issues.map((i: any) => i.fingerprint)).size).toBe(2);
    expect(issues[0].fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('pre-commit hooks', () => {
  test('the hook definition runs kubeharden audit on the committed manifests', () => {
    const [hook] = yaml.load(read('.pre-commit-hooks.yaml')) as any[];
    expect(hook).toMatchObject({ id: 'kubeharden-audit', entry: 'kubeharden audit', language: 'node', pass_filenames: true, args: ['--fail-on', 'high'] });
  });

  test('the git hook audits the staged files and refuses the commit on high', () => {
    const script = read('pre-commit.sh');
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toContain('git checkout-index --prefix="$staged/" -- "$file"');
    expect(auditCommands(script)).toEqual([['"$@"', '--fail-on', 'high']]);
  });
});
