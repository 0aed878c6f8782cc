import { readFileSync } from 'fs';
import { join } from 'path';
import { CONFIG_FILE_NAMES, CONFIG_KEYS } from '../../src/config';

const guide = readFileSync(join(__dirname, '..', '..', 'docs', 'ecosystem.md'), 'utf8');

/** The first column of the markdown table that follows `heading`, as written between backticks. */
function tableKeys(heading: string, firstColumn: string): string[] {
  const section = guide.slice(guide.indexOf(heading));
  const table = section.slice(section.indexOf(`| ${firstColumn} |`)).split('\n\n')[0];
  return table.split('\n').slice(2).flatMap((row) => [...row.split('|')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
}

describe('docs/ecosystem.md', () => {
  test('documents every configuration key', () => {
    expect(tableKeys('## The configuration file', 'key').sort()).toEqual([...CONFIG_KEYS].sort());
  });

  test('documents every plugin property: the configuration keys and configFile', () => {
    expect(tableKeys('## The cdk8s-cli validation plugin', 'property').sort())
      .toEqual([...CONFIG_KEYS.filter((k) => k !== '$schema'), 'configFile'].sort());
  });

  test('lists every configuration file name', () => {
    for (const name of CONFIG_FILE_NAMES.filter((n) => n !== 'package.json')) expect(guide).toContain(`\`${name}\``);
  });
});
