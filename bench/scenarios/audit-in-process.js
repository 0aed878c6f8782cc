'use strict';
/**
 * `kubeharden audit <file> --format json` run in-process (the command's own entry point, output discarded),
 * timed without the process start-up, for scaling measurements.
 * Usage: node bench/scenarios/audit-in-process.js --file <corpus.yaml>
 */
const { parseArgs, timed } = require('../lib/timing');
const { runAudit } = require('../../lib/cli/audit-command');

const args = parseArgs();

async function main() {
  let output = '';
  const io = {
    isTty: false,
    stdout: (text) => { output += text; },
    stderr: (text) => { process.stderr.write(text); },
    readStdin: async () => Buffer.alloc(0),
  };
  const code = await timed(() => runAudit([args.file, '--format', 'json'], io));
  if (code > 1) throw new Error(`kubeharden audit exited with ${code}`);
  process.benchReport.objects = JSON.parse(output).summary.objects;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
