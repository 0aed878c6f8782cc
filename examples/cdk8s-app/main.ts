/**
 * Synthesizes the example application into dist/example/.
 */
import { readdirSync } from 'fs';
import { join, relative } from 'path';
import { buildApp } from './app';

const outdir = join(__dirname, '..', '..', 'dist', 'example');
buildApp(outdir).synth();
for (const file of readdirSync(outdir).filter((f) => f.endsWith('.yaml')).sort()) {
  process.stdout.write(`wrote ${relative(process.cwd(), join(outdir, file))}\n`);
}
