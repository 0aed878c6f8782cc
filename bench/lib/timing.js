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

/**
 * Runs `section` (sync or async) and records it as the process's measurement: `sectionWallMs`, and
 * `sectionCpuMs`, the CPU time (user and system, every thread of the process) it took.
 */
async function timed(section, details = {}) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = await section();
  const sectionWallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  const sectionCpuMs = (used.user + used.system) / 1000;
  Object.assign(process.benchReport ?? (process.benchReport = {}), { sectionWallMs, sectionCpuMs, ...details });
  return result;
}

/** The digest-pinned image every generated workload uses. */
const IMAGE = `registry.example.com/team/api:1.0.0@sha256:${'0123456789abcdef'.repeat(4)}`;

module.exports = { parseArgs, timed, IMAGE };
