'use strict';
/** Helpers for the scenario processes: argument parsing and reporting a timed section. */

/** `--name value` pairs of `argv` as an object. */
function parseArgs(argv = process.argv.slice(2)) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--')) throw new Error(`unexpected argument ${argv[i]}`);
    args[argv[i].slice(2)] = argv[i + 1];
  }
  return args;
}

/** Runs `section` (sync or async), and records its duration in milliseconds as the process's measurement. */
async function timed(section, details = {}) {
  const start = process.hrtime.bigint();
  const result = await section();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  Object.assign(process.benchReport ?? (process.benchReport = {}), { ms, ...details });
  return result;
}

/** The digest-pinned image every generated workload uses. */
const IMAGE = `registry.example.com/team/api:1.0.0@sha256:${'0123456789abcdef'.repeat(4)}`;

module.exports = { parseArgs, timed, IMAGE };
