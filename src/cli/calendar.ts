import type { Command } from 'commander';
import { officialCalendar } from '../kernel/official-calendar.ts';
import {
  addDays,
  dayOfWeek,
  firstDayOf,
  lastDayOf,
  type PlainDate,
  parsePlainDate,
  parsePlainMonth,
} from '../kernel/plain-date.ts';
import type { DayKind, WorkingCalendar } from '../kernel/working-days.ts';

export interface CalendarCommandDeps {
  /**
   * Where the working-day calendar comes from. Defaults to the official data shipped with the code; the
   * composition root passes the database's `calendar_day` table (administrator-edited) once it exists.
   */
  loadCalendar?: () => Promise<WorkingCalendar>;
}

const WEEKDAYS = ['日 Sun', '一 Mon', '二 Tue', '三 Wed', '四 Thu', '五 Fri', '六 Sat'];
const KIND_TEXT: Record<DayKind, string> = {
  workday: '工作日 workday',
  weekend: '周末 weekend',
  holiday: '节假日 holiday',
  makeup: '调休上班 makeup',
};

/** Most procedure deadlines are tens of working days; beyond this the input is a typing error. */
const MAX_WORKING_DAYS = 10_000;

function warnIfUncovered(cal: WorkingCalendar, ...days: PlainDate[]): void {
  const years = [...new Set(days.map((d) => Number(d.slice(0, 4))))].sort();
  for (let y = years[0]; y <= years[years.length - 1]; y++) {
    if (!cal.isCovered(y)) {
      process.stderr.write(
        `注意: ${y} 年的节假日安排未录入，按周一至周五计算 / ` +
          `note: no official holiday data for ${y}; Monday–Friday assumed\n`,
      );
    }
  }
}

export function registerCalendarCommands(program: Command, deps: CalendarCommandDeps = {}): void {
  const loadCalendar = deps.loadCalendar ?? (async () => officialCalendar());
  const calendar = program
    .command('calendar')
    .description('工作日日历 working-day calendar (法定节假日 holidays + 调休 make-up days)');

  calendar
    .command('add-working-days')
    .description('日期加 n 个工作日（从次日起算）/ the day n working days after a date, counting from the next day')
    .argument('<date>', '起始日期 start date, YYYY-MM-DD')
    .argument('<n>', '工作日数 number of working days (negative counts backwards)')
    .allowUnknownOption()
    .action(async (dateText: string, nText: string, _opts: unknown, cmd: Command) => {
      const date = parsePlainDate(dateText);
      if (!date)
        cmd.error(`CALENDAR_DATE: 日期应为 YYYY-MM-DD 格式的真实日期 / not a date (YYYY-MM-DD): ${dateText}`, {
          exitCode: 2,
          code: 'doudi.badDate',
        });
      const n = /^-?\d+$/.test(nText) ? Number(nText) : Number.NaN;
      if (!Number.isSafeInteger(n) || Math.abs(n) > MAX_WORKING_DAYS) {
        cmd.error(
          `CALENDAR_WORKING_DAYS: 工作日数应为 ±${MAX_WORKING_DAYS} 以内的整数 / n must be a whole number within ±${MAX_WORKING_DAYS}: ${nText}`,
          { exitCode: 2, code: 'doudi.badCount' },
        );
      }
      const cal = await loadCalendar();
      const result = cal.addWorkingDays(date, n);
      warnIfUncovered(cal, date, result);
      process.stdout.write(`${result}\n`);
    });

  calendar
    .command('show')
    .description('列出某月每天的类型 list the days of a month with their kind')
    .argument('<month>', '月份 month, YYYY-MM')
    .option('--json', '输出 JSON / print JSON')
    .action(async (monthText: string, opts: { json?: boolean }, cmd: Command) => {
      const month = parsePlainMonth(monthText);
      if (!month)
        cmd.error(`CALENDAR_MONTH: 月份应为 YYYY-MM / not a month (YYYY-MM): ${monthText}`, {
          exitCode: 2,
          code: 'doudi.badMonth',
        });
      const cal = await loadCalendar();
      const days = [];
      for (let d = firstDayOf(month); d <= lastDayOf(month); d = addDays(d, 1)) {
        const entry = cal.entryFor(d);
        days.push({
          date: d,
          kind: cal.kindOf(d),
          working: cal.isWorkingDay(d),
          name: entry?.name,
          nameEn: entry?.nameEn,
        });
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ month, covered: cal.isCovered(Number(month.slice(0, 4))), days })}\n`);
        return;
      }
      warnIfUncovered(cal, firstDayOf(month));
      for (const day of days) {
        const name = day.name ? `  ${day.name}${day.nameEn ? ` ${day.nameEn}` : ''}` : '';
        process.stdout.write(`${day.date} ${WEEKDAYS[dayOfWeek(day.date)]}  ${KIND_TEXT[day.kind]}${name}\n`);
      }
      const working = days.filter((x) => x.working).length;
      process.stdout.write(`工作日 working days: ${working}\n`);
    });
}
