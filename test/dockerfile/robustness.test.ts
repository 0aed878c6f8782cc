/**
 * Dockerfiles of any shape (known instructions with odd arguments, text that is no instruction at all): the audit
 * gives findings or an InvalidDockerfileError naming the file and line, never a crash.
 */
import * as fc from 'fast-check';
import { auditDockerfile } from '../../src/dockerfile/audit';
import { InvalidDockerfileError } from '../../src/dockerfile/parse';

const INSTRUCTIONS = [
  'FROM', 'RUN', 'USER', 'COPY', 'ADD', 'ENV', 'ARG', 'WORKDIR', 'CMD', 'ENTRYPOINT', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'SHELL',
  'ONBUILD', 'STOPSIGNAL', 'VOLUME', 'MAINTAINER', 'from', '#', '# syntax=docker/dockerfile:1', '',
];
const ARGUMENTS = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(
  'alpine', 'scratch', 'node:20 AS build', '--from=build /a /b', 'base', '${IMAGE}', `app@sha256:${'a'.repeat(64)}`, '["sh","-c","x"]', '[', '\\',
  'A=b', 'A', '1000:1000', 'root', '0', '--platform=$BUILDPLATFORM golang:1.22', '<<EOF\nx\nEOF', '--mount=type=secret,id=a cat /run/secrets/a',
  'curl -u user:pass https://example.com',
));
const line = fc.oneof(
  fc.tuple(fc.constantFrom(...INSTRUCTIONS), ARGUMENTS).map(([instruction, args]) => `${instruction} ${args}`),
  fc.string({ maxLength: 30 }),
  fc.fullUnicodeString({ maxLength: 10 }),
);

test('any Dockerfile gives findings or an InvalidDockerfileError', () => {
  fc.assert(fc.property(fc.array(line, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (lines, newline) => {
    const text = lines.join(newline);
    try {
      auditDockerfile(text, 'Dockerfile');
    } catch (e) {
      if (e instanceof InvalidDockerfileError && /^Dockerfile(:\d+)?: /.test(e.message)) return;
      throw new Error(`${JSON.stringify(text)}: ${(e as Error).stack}`);
    }
  }), { numRuns: 3000 });
});
