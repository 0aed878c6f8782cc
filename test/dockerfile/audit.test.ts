import * as fs from 'fs';
import * as path from 'path';
import { parseImageReference } from '../../src/core/image';
import {
  auditDockerfile, buildStepsOf, classifyBaseImage, DOCKERFILE_RULES, expandVariables, InvalidDockerfileError, isDockerfileName,
  parseDockerfile, validateDockerfileRules,
} from '../../src/dockerfile';
import type { DockerfileRule } from '../../src/dockerfile';
import { RULE_IDS } from '../../src/rules/registry';

const FIXTURES = path.join(__dirname, '../fixtures/dockerfile');
const read = (file: string) => fs.readFileSync(path.join(FIXTURES, file), 'utf8');
const DIGEST = 'sha256:0a3c8d1f9b2e4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5';

describe("the guide's examples", () => {
  test.each(['good-distroless-multi-stage.Dockerfile', 'good-alpine-appuser.Dockerfile'])('%s passes every rule', (file) => {
    expect(auditDockerfile(read(file), file)).toEqual([]);
  });

  test('the bad example breaks each of its five rules, on the right lines (it downloads nothing)', () => {
    const findings = auditDockerfile(read('bad-guide.Dockerfile'), 'docker/bad-guide.Dockerfile');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['dockerfile-minimal-base-image', 1],
      ['dockerfile-non-root-user', 1],
      ['dockerfile-pinned-base-image', 1],
      ['dockerfile-multi-stage', 2],
      ['dockerfile-no-secrets', 3],
      ['dockerfile-no-secrets', 4],
      ['dockerfile-multi-stage', 6],
    ]);
    expect(findings[3].message).toContain('build-essential');
    expect(findings[4].message).toBe('ENV API_KEY holds an API secret key, which stays in the image');
    expect(findings[5].message).toBe('COPY .env puts an environment file into the image');
  });

  test('findings have the engine\'s Finding shape, naming the Dockerfile', () => {
    const [finding] = auditDockerfile(read('bad-guide.Dockerfile'), 'docker/bad-guide.Dockerfile');
    expect(finding).toEqual({
      rule: 'dockerfile-minimal-base-image',
      severity: 'medium',
      message: 'the final stage is built on a full operating-system image: ubuntu:latest',
      fix: DOCKERFILE_RULES.find((r) => r.id === 'dockerfile-minimal-base-image')!.fix,
      file: 'docker/bad-guide.Dockerfile',
      line: 1,
      resource: { apiVersion: 'dockerfile', kind: 'Dockerfile', name: 'bad-guide.Dockerfile' },
      path: '/stages/0/FROM',
    });
  });

  test('an unpinned download names the URL without its credentials', () => {
    const text = 'FROM scratch\nADD https://deploy:s3cret@artifacts.example.com/app.tgz /app.tgz\nUSER 65532\n';
    expect(auditDockerfile(text, 'Dockerfile', { rules: ['dockerfile-verified-downloads'] }).map((f) => [f.line, f.path, f.message])).toEqual([
      [2, '/stages/0/instructions/0', 'stage 0 ADD https://<credentials>@artifacts.example.com/app.tgz downloads content that no checksum or commit pins'],
    ]);
  });

  test('messages never quote a secret value', () => {
    const text = read('dockerfile-no-secrets/fail-env-and-args.Dockerfile') + read('dockerfile-no-secrets/fail-files.Dockerfile');
    const messages = auditDockerfile(text, 'Dockerfile').map((f) => f.message).join('\n');
    expect(messages).not.toMatch(/sk-live|ghp_|hunter2|horse/);
  });
});

describe('isDockerfileName', () => {
  test.each(['Dockerfile', 'Containerfile', 'api.Dockerfile', 'Dockerfile.prod', 'build/Dockerfile.dev', 'web.Containerfile', 'Containerfile.arm64'])(
    'recognises %s', (name) => expect(isDockerfileName(name)).toBe(true));
  test.each(['dockerfile.yaml', 'Dockerfiles', 'README.md', 'deployment.yaml', 'MyDockerfile', 'Dockerfile.', '.Dockerfile', 'Dockerfile.dockerignore', 'api.Dockerfile.dockerignore'])(
    'ignores %s', (name) => expect(isDockerfileName(name)).toBe(false));
});

describe('parsing', () => {
  test('joins line continuations and reports the first line of the instruction', () => {
    const parsed = parseDockerfile(`FROM alpine@${DIGEST}\nRUN apk add \\\n    gcc \\\n    make\nUSER 1\n`, 'Dockerfile');
    const [run, user] = parsed.stages[0].instructions;
    expect(run).toMatchObject({ keyword: 'RUN', line: 2, path: '/stages/0/instructions/0' });
    expect(run.command.replace(/\s+/g, ' ')).toBe('apk add gcc make');
    expect(user.line).toBe(5);
  });

  test('honours the escape directive', () => {
    const parsed = parseDockerfile(`# escape=\`\nFROM alpine@${DIGEST}\nRUN go \`\n  build\n`, 'Dockerfile');
    expect(parsed.directives.get('escape')).toBe('`');
    expect(buildStepsOf(parsed.stages[0].instructions[0].command)).toEqual(['go build']);
  });

  test('resolves global ARGs in FROM, names stages, reads --platform and stage references', () => {
    const parsed = parseDockerfile([
      'ARG REGISTRY=registry.example.com',
      'ARG VERSION',
      `FROM --platform=$BUILDPLATFORM \${REGISTRY}/go:\${VERSION:-1.22}@${DIGEST} AS Build`,
      'FROM build AS test',
      'FROM scratch',
    ].join('\n'), 'Dockerfile');
    expect(parsed.globalArgs.map((a) => a.path)).toEqual(['/args/0', '/args/1']);
    expect(parsed.stages.map((s) => s.name)).toEqual(['build', 'test', undefined]);
    expect(parsed.stages[0].base).toMatchObject({ image: `registry.example.com/go:1.22@${DIGEST}`, platform: '$BUILDPLATFORM', scratch: false });
    expect(parsed.stages[0].base.reference).toMatchObject({ registry: 'registry.example.com', repository: 'go', tag: '1.22' });
    expect(parsed.stages[1].base.stage).toBe(0);
    expect(parsed.stages[2].base.scratch).toBe(true);
  });

  test('a stage name used before the stage is defined is an image, not a stage', () => {
    const parsed = parseDockerfile(`FROM app@${DIGEST}\nFROM alpine@${DIGEST} AS app\n`, 'Dockerfile');
    expect(parsed.stages[0].base.stage).toBeUndefined();
  });

  test('stage ARGs and ENVs resolve in later instructions; ENV carries into stages built on it', () => {
    const parsed = parseDockerfile([
      `FROM alpine@${DIGEST} AS base`,
      'ENV APP_USER=app',
      'FROM base',
      'ARG UID=10001',
      'USER ${APP_USER}:${UID}',
    ].join('\n'), 'Dockerfile');
    expect(parsed.stages[1].instructions[1].words).toEqual(['app:10001']);
  });

  test('expands the ${VAR:-default} family', () => {
    const scope = new Map<string, string | undefined>([['SET', 'x'], ['EMPTY', ''], ['BARE', undefined]]);
    expect(expandVariables('${SET:-d} ${EMPTY:-d} ${EMPTY-d} ${SET:+a} ${EMPTY:+a} ${UNSET+a} $SET', scope)).toEqual({ text: 'x d  a   x', unresolved: [] });
    expect(expandVariables('$BARE ${UNSET}', scope).unresolved).toEqual(['BARE', 'UNSET']);
  });

  test('text without FROM, or with an instruction before the first FROM, is not a Dockerfile', () => {
    expect(() => parseDockerfile('# just a comment\n', 'empty.Dockerfile')).toThrow(new InvalidDockerfileError('empty.Dockerfile', 'no FROM instruction: not a Dockerfile'));
    expect(() => auditDockerfile('RUN echo\nFROM alpine\n', 'x/Dockerfile')).toThrow('x/Dockerfile:1: RUN before the first FROM (only ARG may come first)');
    expect(() => parseDockerfile('RUN echo\n', 'x/Dockerfile')).toThrow(expect.objectContaining({
      file: 'x/Dockerfile', line: 1, reason: 'RUN before the first FROM (only ARG may come first)',
    }));
  });

  test('an unknown instruction, or a FROM without an image, is an error docker build would give too', () => {
    expect(() => parseDockerfile('FROM alpine\nBOGUS x\n', 'x/Dockerfile')).toThrow(expect.objectContaining({
      file: 'x/Dockerfile',
      line: 2,
      reason: 'unknown instruction "BOGUS" (docker build refuses it). Fix: use one of ADD, ARG, CMD, COPY, ENTRYPOINT, ENV, EXPOSE, FROM, HEALTHCHECK, '
        + 'LABEL, MAINTAINER, ONBUILD, RUN, SHELL, STOPSIGNAL, USER, VOLUME, WORKDIR',
    }));
    expect(() => parseDockerfile('FROM\n', 'x/Dockerfile')).toThrow(expect.objectContaining({
      file: 'x/Dockerfile', line: 1, reason: 'FROM names no image. Fix: write FROM <image>, such as FROM registry.example.com/base@sha256:<digest>',
    }));
    expect(parseDockerfile('from alpine\nrun echo hi\n', 'x/Dockerfile').stages).toHaveLength(1);
  });
});

describe('base images', () => {
  test.each([
    ['gcr.io/distroless/static-debian12:nonroot', 'minimal'],
    ['cgr.dev/chainguard/python:latest', 'minimal'],
    ['alpine:3.20', 'minimal'],
    ['node:20-alpine3.19', 'minimal'],
    ['python:3.12-slim', 'minimal'],
    ['registry.access.redhat.com/ubi9/ubi-micro:9.4', 'minimal'],
    ['registry.access.redhat.com/ubi9/ubi-minimal', 'minimal'],
    ['mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled', 'minimal'],
    ['ubuntu:latest', 'full-os'],
    ['docker.io/library/debian:12', 'full-os'],
    ['quay.io/centos/centos:stream9', 'full-os'],
    ['fedora', 'full-os'],
    ['public.ecr.aws/amazonlinux/amazonlinux:2023', 'full-os'],
    ['registry.access.redhat.com/ubi9/ubi:9.4', 'full-os'],
    ['node:20', 'full-language'],
    ['python:3.12', 'full-language'],
    ['golang:1.22', 'full-language'],
    ['openjdk:21', 'full-language'],
    ['eclipse-temurin:21-jre', 'full-language'],
    ['mcr.microsoft.com/dotnet/sdk:8.0', 'full-language'],
    ['registry.example.com/platform/base:1', 'unknown'],
  ])('%s is %s', (image, kind) => {
    expect(classifyBaseImage(parseImageReference(image)!)).toBe(kind);
  });
});

describe('build steps', () => {
  test.each([
    ['go build ./...', ['go build']],
    ['CGO_ENABLED=0 GOOS=linux go build -o /app', ['go build']],
    ['npm ci', ['npm ci (with devDependencies)']],
    ['npm ci --omit=dev', []],
    ['npm install --production', []],
    ['npm install -g pm2', []],
    ['npm run build', ['npm run build']],
    ['yarn', ['yarn install (with devDependencies)']],
    ['yarn install --frozen-lockfile --production', []],
    ['pip install -r requirements.txt', []],
    ['pip install -r requirements-dev.txt', ['pip install -r requirements-dev.txt']],
    ['python -m pip install build wheel', ['pip install build wheel']],
    ['pip install ".[dev]"', ['pip install .[dev]']],
    ['apt-get install -y --no-install-recommends build-essential', ['installs build packages build-essential']],
    ['apt-get install -y gcc && make && apt-get purge -y gcc', ['make']],
    ['apk add --virtual .deps gcc musl-dev && pip install uwsgi && apk del .deps', []],
    ['yum groupinstall -y "Development Tools"', ['installs build packages Development Tools']],
    ['mvn -B -q clean package', ['mvn package']],
    ['./gradlew bootJar', ['gradle bootJar']],
    ['cargo build --release', ['cargo build']],
    ['dotnet publish -c Release', ['dotnet publish']],
    ['bash -ec "cd /src && go build"', ['go build']],
    ['echo "go build is not run" # make', []],
    ['apk add --no-cache ca-certificates tzdata', []],
  ])('%s', (script, steps) => {
    expect(buildStepsOf(script)).toEqual(steps);
  });
});

describe('DOCKERFILE_RULES', () => {
  test('has the six rules, each with complete metadata', () => {
    expect(DOCKERFILE_RULES.map((r) => r.id)).toEqual([
      'dockerfile-minimal-base-image', 'dockerfile-pinned-base-image', 'dockerfile-multi-stage', 'dockerfile-non-root-user', 'dockerfile-no-secrets',
      'dockerfile-verified-downloads',
    ]);
    expect(() => validateDockerfileRules(DOCKERFILE_RULES, RULE_IDS)).not.toThrow();
  });

  const base = DOCKERFILE_RULES[0];
  const variant = (fields: Partial<DockerfileRule>): DockerfileRule => ({ ...base, ...fields });
  test.each([
    [[variant({ id: 'minimal-base-image' })], 'Dockerfile rule id "minimal-base-image" is not kebab-case starting with "dockerfile-"'],
    [[base, base], `Dockerfile rule id "${base.id}" is defined twice`],
    [[variant({ severity: 'severe' as never })], `Dockerfile rule "${base.id}" has unknown severity "severe"`],
    [[variant({ fix: '' })], `Dockerfile rule "${base.id}" has no fix`],
    [[variant({ references: [] })], `Dockerfile rule "${base.id}" has no reference`],
  ])('rejects a bad catalogue (%#)', (rules, message) => {
    expect(() => validateDockerfileRules(rules)).toThrow(message);
  });

  test('rejects an id the Kubernetes catalogue already uses', () => {
    expect(() => validateDockerfileRules([variant({ id: 'dockerfile-x' })], new Set(['dockerfile-x']))).toThrow('already a Kubernetes rule id');
  });

  test('auditDockerfile rejects an unknown rule id', () => {
    expect(() => auditDockerfile('FROM scratch\n', 'Dockerfile', { rules: ['dockerfile-nope'] })).toThrow('unknown Dockerfile rule "dockerfile-nope"');
  });
});
