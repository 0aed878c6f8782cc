import type { DockerfileRule, DockerfileRuleFinding } from './dockerfile-rule';
import { isSecretName, literalSecretReason, secretValueKind } from '../../core/secrets';
import type { DockerfileInstruction } from '../../dockerfile/parse';

/** File names that hold credentials, by their last path component. */
const SECRET_FILES: ReadonlyArray<{ readonly pattern: RegExp; readonly what: string }> = [
  { pattern: /^\.env(?:\.(?!example$|sample$|template$|dist$|defaults$)[\w.-]+)?$/i, what: 'an environment file' },
  { pattern: /^id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?$/, what: 'an SSH private key' },
  { pattern: /\.(?:pem|key|p12|pfx|jks|keystore|ppk)$/i, what: 'a key or certificate store' },
  { pattern: /^credentials(?:\.json|\.ya?ml|\.csv)?$/i, what: 'a credentials file' },
  { pattern: /^\.(?:npmrc|pypirc|netrc|git-credentials|pgpass|htpasswd|dockercfg|vault-token)$/, what: 'a file holding registry or service credentials' },
  { pattern: /^\.?kubeconfig$/i, what: 'a kubeconfig' },
  { pattern: /\.tfstate(?:\.backup)?$/, what: 'Terraform state' },
  { pattern: /^secrets?\.(?:ya?ml|json|env|txt)$/i, what: 'a secrets file' },
];

/** Directories that hold credentials (`~/.aws`, `~/.ssh`, `~/.docker/config.json`…). */
const SECRET_DIRECTORIES = /^\.(?:aws|ssh|docker|kube|gnupg|azure|gcloud)$/;

/** What secret the source path `source` is, or `undefined`. */
function secretFileKind(source: string): string | undefined {
  const components = source.replace(/\/+$/, '').split('/').filter((c) => c !== '' && c !== '.');
  const name = components[components.length - 1] ?? '';
  const file = SECRET_FILES.find(({ pattern }) => pattern.test(name));
  if (file) return file.what;
  const directory = components.find((c) => SECRET_DIRECTORIES.test(c));
  return directory ? `the credentials directory ${directory}` : undefined;
}

/** The sources of a `COPY` or `ADD` (every word but the destination; heredoc bodies excluded). */
function sourcesOf(instruction: DockerfileInstruction): string[] {
  if (instruction.words.some((w) => w.startsWith('<<'))) return [];
  return instruction.words.slice(0, -1);
}

/** Where each kind of property keeps its value in the image, for findings judged by the name alone. */
const STORED_IN: Readonly<Record<string, string>> = {
  ARG: 'build arguments are recorded in the image history',
  ENV: 'ENV values are stored in the image configuration',
  LABEL: 'labels are stored in the image configuration',
};

/**
 * Secrets in the properties of an ENV, ARG or LABEL: a value that is a secret by its shape or by its name, or a
 * name that is a secret's whatever the value (a `${VAR}` substitution bakes the variable's value in).
 */
function checkProperties(instruction: DockerfileInstruction, findings: DockerfileRuleFinding[]): void {
  for (const { name, value } of instruction.properties) {
    const at = { line: instruction.line, path: instruction.path };
    const reason = value !== undefined ? literalSecretReason(name, value) : undefined;
    if (reason) {
      findings.push({ message: `${instruction.keyword} ${name} ${reason}, which stays in the image`, ...at });
    } else if (isSecretName(name)) {
      findings.push({ message: `${instruction.keyword} ${name} is named like a secret: ${STORED_IN[instruction.keyword]}`, ...at });
    }
  }
}

/** Rule `dockerfile-no-secrets`: no credentials in ENV, ARG, LABEL or RUN, and no credential files copied into the image. */
export const dockerfileNoSecrets: DockerfileRule = {
  id: 'dockerfile-no-secrets',
  title: 'No secrets are baked into the image',
  rationale: 'Anything in ENV, ARG, LABEL, a RUN command or a copied file is stored in the image layers and metadata: everyone who can'
    + ' pull the image can read it, long after the secret is rotated in the source.',
  guide: 'Never bake secrets into images',
  severity: 'critical',
  fix: 'Pass build secrets with RUN --mount=type=secret,id=<id> and runtime secrets as mounted files; add credential files to .dockerignore.',
  default: 'RUN --mount=type=secret for build secrets, mounted files at run time, credential files in .dockerignore',
  references: [
    'https://docs.docker.com/build/building/secrets/',
    'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/',
  ],
  check(parsed) {
    const findings: DockerfileRuleFinding[] = [];
    const instructions = [...parsed.globalArgs, ...parsed.stages.flatMap((s) => s.instructions)];
    for (const instruction of instructions) {
      const at = { line: instruction.line, path: instruction.path };
      switch (instruction.keyword) {
        case 'ENV': case 'ARG': case 'LABEL':
          checkProperties(instruction, findings);
          break;
        case 'RUN': {
          const kind = secretValueKind(instruction.command);
          if (kind) findings.push({ message: `RUN contains ${kind}`, ...at });
          break;
        }
        case 'COPY': case 'ADD':
          for (const source of sourcesOf(instruction)) {
            const valueKind = secretValueKind(source);
            const fileKind = valueKind ? undefined : secretFileKind(source);
            if (valueKind) findings.push({ message: `${instruction.keyword} has a source that holds ${valueKind}`, ...at });
            if (fileKind) findings.push({ message: `${instruction.keyword} ${source} puts ${fileKind} into the image`, ...at });
          }
          break;
        default:
          break;
      }
    }
    return findings;
  },
};
