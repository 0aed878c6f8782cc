/**
 * CronJob schedules, validated as Kubernetes parses them (robfig/cron's standard parser): five fields or a
 * descriptor (`@daily`, `@every 1h`).
 */

const FIELDS: ReadonlyArray<{ name: string; min: number; max: number; names?: readonly string[] }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day-of-week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

/** Why `schedule` is not a valid CronJob schedule, or `undefined` when it is. */
export function cronScheduleProblem(schedule: unknown): string | undefined {
  if (typeof schedule !== 'string' || schedule.trim().length === 0) return 'it is empty';
  const text = schedule.trim();
  if (/^(?:CRON_)?TZ=/.test(text)) return 'Kubernetes rejects a time zone inside the schedule';
  if (text.startsWith('@')) {
    if (DESCRIPTORS.has(text)) return undefined;
    const every = /^@every\s+(\S+)$/.exec(text);
    if (every) return GO_DURATION.test(every[1]) && !/^[0.]+[a-zµ]+$/.test(every[1]) ? undefined : `"${every[1]}" is not a positive duration`;
    return `${text} is not a known macro (use @yearly, @monthly, @weekly, @daily, @hourly or @every <duration>)`;
  }
  const parts = text.split(/\s+/);
  if (parts.length !== 5) return `it has ${parts.length} field${parts.length === 1 ? '' : 's'}, not 5`;
  for (let i = 0; i < FIELDS.length; i++) {
    const problem = fieldProblem(parts[i], FIELDS[i], i === 2 || i === 4);
    if (problem) return problem;
  }
  return undefined;
}

function fieldProblem(text: string, field: (typeof FIELDS)[number], questionMarkAllowed: boolean): string | undefined {
  for (const item of text.split(',')) {
    if (item === '') return `${field.name} "${text}" has an empty list item`;
    const [range, step, ...rest] = item.split('/');
    if (rest.length > 0) return `${field.name} "${item}" has more than one step`;
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `${field.name} step "${step}" is not a positive number`;
    if (range === '*' || (range === '?' && questionMarkAllowed)) continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `${field.name} "${range}" is not a value or a range`;
    const values: number[] = [];
    for (const bound of bounds) {
      const value = valueOf(bound, field);
      if (value === undefined) return `${field.name} "${bound}" is not a number${field.names ? ' or a name' : ''}`;
      if (value < field.min || value > field.max) return `${field.name} ${bound} is out of range ${field.min}-${field.max}`;
      values.push(value);
    }
    if (values.length === 2 && values[0] > values[1]) return `${field.name} range ${range} ends before it starts`;
  }
  return undefined;
}

function valueOf(text: string, field: (typeof FIELDS)[number]): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return index < 0 ? undefined : index + field.min;
}
