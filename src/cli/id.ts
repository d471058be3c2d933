import type { Command } from 'commander';
import { parseIdNumber } from '../kernel/id-number.ts';
import { chinaDateOf, type PlainDate } from '../kernel/plain-date.ts';

export interface IdCommandDeps {
  /** "Today" for the birth-date-in-the-future check; the clock (China time) unless a test fixes it. */
  today?: () => PlainDate;
}

/** `doudi id check <number> [--json]`: exit 0 valid, 1 invalid (with the reason code), 2 bad usage. */
export function registerIdCommands(program: Command, deps: IdCommandDeps = {}): void {
  const today = deps.today ?? (() => chinaDateOf(new Date()));
  const id = program.command('id').description('身份证号码 resident ID numbers (GB 11643-1999)');

  id.command('check')
    .description('校验身份证号码 check an ID number: region, birth date, check digit; 15 digits are converted')
    .argument('<number>', '18 位（或旧式 15 位）身份证号码 / 18-digit (or legacy 15-digit) ID number')
    .option('--json', '输出 JSON / print JSON')
    .action((text: string, opts: { json?: boolean }) => {
      const r = parseIdNumber(text, { today: today() });
      if (opts.json) {
        const body = r.ok
          ? {
              valid: true,
              id18: r.value.id18,
              birthDate: r.value.birthDate,
              sex: r.value.sex,
              regionCode: r.value.regionCode,
              converted15: r.value.converted15,
            }
          : { valid: false, error: r.error };
        process.stdout.write(`${JSON.stringify(body)}\n`);
      } else if (r.ok) {
        const { id18, birthDate, sex, converted15 } = r.value;
        const sexText = sex === 'M' ? '男/M' : '女/F';
        const note = converted15 ? ' (由 15 位转换 converted from 15 digits)' : '';
        process.stdout.write(`有效 valid: ${id18} 出生 ${birthDate} ${sexText}${note}\n`);
      } else {
        process.stdout.write(`无效 invalid: ${r.error.code}: ${r.error.message.zh} / ${r.error.message.en}\n`);
      }
      process.exitCode = r.ok ? 0 : 1;
    });
}
