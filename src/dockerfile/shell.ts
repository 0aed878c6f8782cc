/**
 * Splits the shell command of a `RUN` into simple commands (`a && b; c | d`) and their words, enough to recognise
 * which programs run with which arguments. Quotes are honoured; expansions are left as written.
 */

/** One simple command: its words, with leading `VAR=value` assignments and wrappers (`sudo`, `env`…) removed. */
export type SimpleCommand = readonly string[];

const SEPARATORS = new Set(['&&', '||', ';', '|', '&', '\n', '(', ')', '{', '}']);
const WRAPPERS = new Set(['sudo', 'env', 'exec', 'time', 'nice', 'nohup', 'command', 'eatmydata', 'xargs']);

/** The simple commands of `script`, in order. */
export function simpleCommands(script: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let current: string[] = [];
  const flush = () => {
    const words = stripPrefix(current);
    if (words.length > 0) commands.push(words);
    current = [];
  };
  for (const token of tokenize(script)) {
    if (token.separator) flush();
    else current.push(token.word);
  }
  flush();
  return commands;
}

/** Removes leading assignments (`CGO_ENABLED=0`) and wrappers with their options (`sudo -E`). */
function stripPrefix(words: readonly string[]): string[] {
  let start = 0;
  while (start < words.length) {
    const word = words[start];
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
      start++;
    } else if (WRAPPERS.has(word)) {
      start++;
      while (start < words.length && words[start].startsWith('-')) start++;
    } else {
      break;
    }
  }
  return words.slice(start);
}

interface Token {
  readonly word: string;
  readonly separator: boolean;
}

function tokenize(script: string): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  const push = () => {
    if (inWord) tokens.push({ word, separator: false });
    word = '';
    inWord = false;
  };
  for (let i = 0; i < script.length; i++) {
    const char = script[i];
    const pair = script.slice(i, i + 2);
    if (char === '\'' || char === '"') {
      const end = script.indexOf(char, i + 1);
      const stop = end < 0 ? script.length : end;
      word += script.slice(i + 1, stop);
      inWord = true;
      i = stop;
    } else if (pair === '${') {
      const end = script.indexOf('}', i);
      const stop = end < 0 ? script.length - 1 : end;
      word += script.slice(i, stop + 1);
      inWord = true;
      i = stop;
    } else if (char === '\\' && i + 1 < script.length) {
      word += script[i + 1];
      inWord = true;
      i++;
    } else if (char === '#' && !inWord) {
      const end = script.indexOf('\n', i);
      i = (end < 0 ? script.length : end) - 1;
    } else if (pair === '&&' || pair === '||') {
      push();
      tokens.push({ word: pair, separator: true });
      i++;
    } else if (SEPARATORS.has(char)) {
      push();
      tokens.push({ word: char, separator: true });
    } else if (/\s/.test(char)) {
      push();
    } else {
      word += char;
      inWord = true;
    }
  }
  push();
  return tokens;
}
