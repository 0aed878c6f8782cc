import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { fixture, run } from './run';
import { findSources } from '../../src/audit/inputs';
import type { AuditReport } from '../../src/audit/types';
import { DOCKERFILE_RULES } from '../../src/rules/dockerfile/registry';

const DOCKERFILES = join(__dirname, '..', 'fixtures', 'dockerfile');
const BAD = readFileSync(join(DOCKERFILES, 'bad-guide.Dockerfile'), 'utf8');
const GOOD = readFileSync(join(DOCKERFILES, 'good-distroless-multi-stage.Dockerfile'), 'utf8');

/** Rule and line of each finding of the bad example of the guide (test/dockerfile/audit.test.ts). */
const BAD_FINDINGS = [
  ['dockerfile-minimal-base-image', 1],
  ['dockerfile-non-root-user', 1],
  ['dockerfile-pinned-base-image', 1],
  ['dockerfile-multi-stage', 2],
  ['dockerfile-no-secrets', 3],
  ['dockerfile-no-secrets', 4],
  ['dockerfile-multi-stage', 6],
];

let root: string;
let count = 0;

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'kubeharden-dockerfiles-')));
  mkdirSync(join(root, '.git')); // no configuration file above it is read
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh directory holding `files` (path → content); `@fixture` copies a manifest fixture. */
function tree(files: Record<string, string>): string {
  const dir = join(root, `case-${++count}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    if (content.startsWith('@')) copyFileSync(fixture(content.slice(1)), join(dir, path));
    else writeFileSync(join(dir, path), content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function auditJson(...argv: string[]): Promise<{ code: number; report: AuditReport; stderr: string }> {
  const result = await run(['audit', ...argv, '--format', 'json', '--no-config']);
  return { code: result.code, report: JSON.parse(result.stdout || 'null'), stderr: result.stderr };
}

describe('Dockerfiles in kubeharden audit', () => {
  test('a directory with manifests and Dockerfiles: one report, Dockerfiles counted as objects', async () => {
    const dir = tree({
      'k8s/insecure.yaml': '@insecure.yaml',
      'services/api/Dockerfile': BAD,
      'services/web/web.Dockerfile': GOOD,
      'services/web/Dockerfile.dockerignore': 'node_modules\n',
      'node_modules/pkg/Dockerfile': BAD,
      '.github/Dockerfile': BAD,
    });
    const { code, report, stderr } = await auditJson(dir, '--rules', 'no-privileged,dockerfile-non-root-user,dockerfile-no-secrets');
    expect(stderr).toBe(`kubeharden: note: ${dir}/.github: skipped a hidden directory (name it on the command line to audit it)\n`
      + `kubeharden: note: ${dir}/node_modules: skipped a node_modules directory (name it on the command line to audit it)\n`);
    expect(code).toBe(1);
    expect(Object.keys(report)).toEqual(['findings', 'exemptions', 'summary']);
    expect(report.findings.map((f) => [f.rule, f.file, f.line])).toEqual([
      ['no-privileged', `${dir}/k8s/insecure.yaml`, 2],
      ['dockerfile-non-root-user', `${dir}/services/api/Dockerfile`, 1],
      ['dockerfile-no-secrets', `${dir}/services/api/Dockerfile`, 3],
      ['dockerfile-no-secrets', `${dir}/services/api/Dockerfile`, 4],
    ]);
    expect(report.summary).toEqual({ objects: 4, findings: 4, exemptions: 0, bySeverity: { critical: 3, high: 1, medium: 0, low: 0 } });
    expect(report.findings[1]).toEqual({
      rule: 'dockerfile-non-root-user',
      severity: 'high',
      message: expect.stringContaining('runs as'),
      fix: DOCKERFILE_RULES.find((r) => r.id === 'dockerfile-non-root-user')!.fix,
      file: `${dir}/services/api/Dockerfile`,
      line: 1,
      resource: { apiVersion: 'dockerfile', kind: 'Dockerfile', name: 'Dockerfile', namespace: null },
      path: expect.any(String),
    });
  });

  test('every Dockerfile rule runs by default, on a Dockerfile given by name', async () => {
    const dir = tree({ Containerfile: BAD });
    const { code, report } = await auditJson(join(dir, 'Containerfile'));
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.rule, f.line])).toEqual(BAD_FINDINGS);
    expect(report.summary.objects).toBe(1);
  });

  test('a path with only Dockerfiles is not "no Kubernetes objects"; what its walk skipped is noted', async () => {
    const dir = tree({ 'app/Dockerfile': GOOD, 'README.md': '# app\n', '.devcontainer/devcontainer.json': '{}\n' });
    expect(await run(['audit', dir, '--no-config'])).toEqual({
      code: 0,
      stdout: '0 findings, 0 exemptions, 1 object\n',
      stderr: `kubeharden: note: ${dir}/.devcontainer: skipped a hidden directory (name it on the command line to audit it)\n`,
    });
    expect(await run(['audit', join(dir, 'app', 'Dockerfile'), '--no-config']))
      .toEqual({ code: 0, stdout: '0 findings, 0 exemptions, 1 object\n', stderr: '' });
  });

  test('a directory with a Dockerfile and YAML that is not Kubernetes (compose file) audits the Dockerfile, with a note', async () => {
    const dir = tree({ 'Dockerfile': GOOD, 'compose.yaml': 'services:\n  web:\n    build: .\n' });
    expect(await run(['audit', dir, '--no-config'])).toEqual({
      code: 0,
      stdout: '0 findings, 0 exemptions, 1 object\n',
      stderr: `kubeharden: note: ${dir}/compose.yaml:1: skipped a document without apiVersion and kind\n`,
    });
  });

  test('a YAML file given by name still needs Kubernetes objects, and a directory needs manifests or Dockerfiles', async () => {
    const dir = tree({ 'compose.yaml': 'services: {}\n', 'docs/README.md': '# docs\n' });
    expect(await run(['audit', join(dir, 'compose.yaml'), '--no-config'])).toEqual({
      code: 2, stdout: '', stderr: `kubeharden: ${dir}/compose.yaml: no Kubernetes objects (documents need apiVersion and kind)\n`,
    });
    expect(await run(['audit', join(dir, 'docs'), '--no-config'])).toEqual({ code: 2, stdout: '', stderr: `kubeharden: ${dir}/docs: no .yaml, .yml or .json files\n` });
  });

  test('a Dockerfile name with a manifest extension is a manifest', () => {
    const dir = tree({ 'Dockerfile.yaml': '@compliant.yaml', 'api.Dockerfile': GOOD });
    expect(findSources([join(dir, 'Dockerfile.yaml'), join(dir, 'api.Dockerfile'), '-'])).toEqual({
      manifests: [join(dir, 'Dockerfile.yaml'), '-'],
      dockerfiles: [join(dir, 'api.Dockerfile')],
      mayHoldNoObjects: new Set(),
      notes: [],
    });
    expect(findSources([`${dir}/`])).toEqual({
      manifests: [`${dir}/`],
      dockerfiles: [`${dir}/api.Dockerfile`],
      mayHoldNoObjects: new Set([`${dir}/`]),
      notes: [],
    });
  });

  test('a walk picks Dockerfile names in any case, not documentation, backups or editor files named after them', () => {
    const names = [
      'Dockerfile', 'Dockerfile.dev', 'dockerfile', 'api.Dockerfile', 'web.dockerfile', 'Containerfile.arm64', 'Dockerfile.md', 'Dockerfile.txt',
      'Dockerfile.rst', 'Dockerfile.orig', 'Dockerfile.bak', 'Dockerfile.swp', 'Dockerfile~', 'Dockerfile.dockerignore', 'api.Dockerfile.md',
    ];
    const dir = tree(Object.fromEntries(names.map((name) => [`d/${name}`, GOOD])));
    expect(findSources([join(dir, 'd')]).dockerfiles.map((path) => path.slice(dir.length + 3)))
      .toEqual(['Containerfile.arm64', 'Dockerfile', 'Dockerfile.dev', 'api.Dockerfile', 'dockerfile', 'web.dockerfile']);
  });

  test('a Dockerfile named on the command line is one in any case, and whatever its extension', async () => {
    const dir = tree({ 'dockerfile': BAD, 'app.dockerfile': BAD, 'Dockerfile.md': '# How to build\n' });
    for (const name of ['dockerfile', 'app.dockerfile']) {
      const { code, report } = await auditJson(join(dir, name), '--rules', 'dockerfile-non-root-user');
      expect(code).toBe(1);
      expect(report.findings.map((f) => [f.rule, f.file, f.line])).toEqual([['dockerfile-non-root-user', join(dir, name), 1]]);
    }
    expect(await run(['audit', join(dir, 'Dockerfile.md'), '--no-config']))
      .toEqual({ code: 2, stdout: '', stderr: `kubeharden: ${dir}/Dockerfile.md: no FROM instruction: not a Dockerfile\n` });
  });
});

describe('--rules and the Dockerfile rules', () => {
  test('--rules dockerfile-non-root-user runs only that rule, on Dockerfiles only', async () => {
    const dir = tree({ 'Dockerfile': BAD, 'k8s.yaml': '@insecure.yaml' });
    const { code, report } = await auditJson(dir, '--rules', 'dockerfile-non-root-user');
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.rule, f.file, f.line])).toEqual([['dockerfile-non-root-user', `${dir}/Dockerfile`, 1]]);
    expect(report.summary.objects).toBe(3);
  });

  test('--rules all runs every Dockerfile rule; --rules pss none', async () => {
    const dir = tree({ Dockerfile: BAD });
    expect((await auditJson(dir, '--rules', 'all')).report.findings.map((f) => [f.rule, f.line])).toEqual(BAD_FINDINGS);
    const pss = await auditJson(dir, '--rules', 'pss');
    expect(pss.report.findings).toEqual([]);
    expect(pss.code).toBe(0);
  });

  test('Kubernetes rule ids alone run no Dockerfile rule', async () => {
    const dir = tree({ 'Dockerfile': BAD, 'k8s.yaml': '@insecure.yaml' });
    const { report } = await auditJson(dir, '--rules', 'no-privileged');
    expect(report.findings.map((f) => f.rule)).toEqual(['no-privileged']);
  });

  test('an unknown rule id is still bad usage', async () => {
    const dir = tree({ Dockerfile: BAD });
    expect(await run(['audit', dir, '--rules', 'dockerfile-nonroot-user', '--no-config']))
      .toEqual({ code: 2, stdout: '', stderr: 'kubeharden: unknown rule "dockerfile-nonroot-user": see RULES.md for the rule ids\n' });
  });
});

describe('invalid Dockerfiles: one line naming the file and line, exit code 2', () => {
  test.each([
    ['Dockerfile', 'RUN apt-get update\nFROM debian:12\n', 'Dockerfile:1: RUN before the first FROM (only ARG may come first)'],
    ['app.Dockerfile', '# nothing yet\n', 'app.Dockerfile: no FROM instruction: not a Dockerfile'],
    ['Containerfile', Buffer.from([0x46, 0x52, 0x00, 0x4d]), 'Containerfile: binary file (contains NUL bytes), not a Dockerfile'],
  ])('%s', async (name, content, message) => {
    const dir = tree({});
    writeFileSync(join(dir, name), content);
    expect(await run(['audit', join(dir, name), '--no-config'])).toEqual({ code: 2, stdout: '', stderr: `kubeharden: ${dir}/${message}\n` });
  });

  test('found in a directory', async () => {
    const dir = tree({ 'k8s.yaml': '@compliant.yaml', 'build/Dockerfile': 'USER 1000\nFROM scratch\n' });
    expect(await run(['audit', dir, '--no-config']))
      .toEqual({ code: 2, stdout: '', stderr: `kubeharden: ${dir}/build/Dockerfile:1: USER before the first FROM (only ARG may come first)\n` });
  });

  test('a missing Dockerfile', async () => {
    expect(await run(['audit', join(root, 'missing', 'Dockerfile'), '--no-config']))
      .toEqual({ code: 2, stdout: '', stderr: `kubeharden: ${root}/missing/Dockerfile: no such file or directory\n` });
  });
});

describe('--format text', () => {
  test('Dockerfile findings are grouped under the Dockerfile\'s path, each with its line', async () => {
    const dir = tree({ 'k8s.yaml': '@insecure.yaml', 'Dockerfile': BAD });
    const result = await run(['audit', dir, '--rules', 'no-privileged,dockerfile-no-secrets,dockerfile-pinned-base-image', '--no-config']);
    expect(result.code).toBe(1);
    const noSecrets = DOCKERFILE_RULES.find((r) => r.id === 'dockerfile-no-secrets')!.fix;
    const pinned = DOCKERFILE_RULES.find((r) => r.id === 'dockerfile-pinned-base-image')!.fix;
    const blocks = result.stdout.split('\n\n');
    expect(blocks[0]).toMatch(new RegExp(`^Deployment/default/api \\(${dir}/k8s.yaml:2\\)\n  CRITICAL no-privileged: `));
    expect(blocks[1]).toBe([
      `${dir}/Dockerfile`,
      '  CRITICAL dockerfile-no-secrets: ENV API_KEY holds an API secret key, which stays in the image',
      `           at ${dir}/Dockerfile:3`,
      `           fix: ${noSecrets}`,
      '  CRITICAL dockerfile-no-secrets: COPY .env puts an environment file into the image',
      `           at ${dir}/Dockerfile:4`,
      `           fix: ${noSecrets}`,
      '  HIGH     dockerfile-pinned-base-image: stage 0 FROM ubuntu:latest is not pinned by digest',
      `           at ${dir}/Dockerfile:1`,
      `           fix: ${pinned}`,
    ].join('\n'));
    expect(blocks[2]).toBe('4 findings (3 critical, 1 high), 0 exemptions, 3 objects\n');
  });
});
