import { Command } from 'commander';
import { runProgram } from './failure.ts';

type Register = (program: Command) => Promise<void>;

/**
 * The top-level commands and how to register them, in the order `doudi --help` lists them. A command's modules are
 * loaded only when it is asked for (`doudi payroll …` loads the payroll commands alone): every CLI start loads its
 * TypeScript sources, and loading all of them — the web server, the spreadsheet readers, every command — took a third
 * of a short command's time. `names` are the commands each registration adds (a unit test checks them).
 */
export const REGISTRATIONS: readonly { names: readonly string[]; register: Register }[] = [
  { names: ['id'], register: async (p) => (await import('./id.ts')).registerIdCommands(p) },
  {
    names: ['calendar'],
    register: async (p) => {
      const [{ registerCalendarCommands }, { withDb }, { loadWorkingCalendar }] = await Promise.all([
        import('./calendar.ts'),
        import('./runtime.ts'),
        import('../commands/shared/working-calendar.ts'),
      ]);
      // Deadlines follow the calendar as the database holds it: official data plus administrators' edits.
      registerCalendarCommands(p, { loadCalendar: () => withDb(loadWorkingCalendar, { quiet: true }) });
    },
  },
  { names: ['db', 'user', 'audit', 'divisions'], register: async (p) => (await import('./admin.ts')).registerAdminCommands(p) },
  { names: ['backup', 'restore'], register: async (p) => (await import('./backup.ts')).registerBackupCommands(p) },
  { names: ['keys'], register: async (p) => (await import('./keys.ts')).registerKeyCommands(p) },
  { names: ['files'], register: async (p) => (await import('./files.ts')).registerFileCommands(p) },
  { names: ['archive'], register: async (p) => (await import('./archive.ts')).registerArchiveCommands(p) },
  { names: ['demo'], register: async (p) => (await import('./demo.ts')).registerDemoCommands(p) },
  {
    names: ['serve'],
    register: async (p) => {
      const [{ registerServeCommand }, { seedDemoData }] = await Promise.all([import('./serve.ts'), import('./demo.ts')]);
      registerServeCommand(p, { seedDemoData });
    },
  },
  {
    names: ['calc'],
    register: async (p) => {
      const [{ registerCalcCommand }, { withDb }, { loadParameterSet }] = await Promise.all([import('./calc.ts'), import('./runtime.ts'), import('../commands/policy/parameters.ts')]);
      // calc applies the administrators' dated overrides from the database on top of the shipped parameters.
      registerCalcCommand(p, { loadPolicy: () => withDb(loadParameterSet, { quiet: true }) });
    },
  },
  { names: ['deadlines'], register: async (p) => (await import('./cases.ts')).registerCaseCommands(p) },
  { names: ['policy'], register: async (p) => (await import('./policy.ts')).registerPolicyCommands(p) },
  { names: ['simulate'], register: async (p) => (await import('./simulate.ts')).registerSimulateCommand(p) },
  { names: ['outreach'], register: async (p) => (await import('./outreach.ts')).registerOutreachCommand(p) },
  { names: ['payroll'], register: async (p) => (await import('./payroll.ts')).registerPayrollCommands(p) },
  { names: ['enrollments', 'reviews'], register: async (p) => (await import('./enrollments.ts')).registerEnrollmentCommands(p) },
  { names: ['export'], register: async (p) => (await import('./exports.ts')).registerExportCommands(p) },
  { names: ['registry'], register: async (p) => (await import('./registry.ts')).registerRegistryCommands(p) },
  { names: ['poverty'], register: async (p) => void (await import('./poverty.ts')).registerPovertyCommands(p) },
  { names: ['screening'], register: async (p) => (await import('./screening.ts')).registerScreeningCommands(p) },
  // Three files add to `temporary` (cases, the township reserve, the disbursement batches), in this order.
  { names: ['temporary'], register: async (p) => (await import('./temporary.ts')).registerTemporaryCommands(p) },
  { names: ['temporary'], register: async (p) => (await import('./temporary-reserve.ts')).registerTemporaryReserveCommands(p) },
  { names: ['temporary'], register: async (p) => (await import('./temporary-batch.ts')).registerTemporaryBatchCommands(p) },
  { names: ['heating'], register: async (p) => (await import('./heating.ts')).registerHeatingCommands(p) },
  { names: ['report'], register: async (p) => (await import('./report.ts')).registerReportCommands(p) },
  { names: ['anomalies'], register: async (p) => (await import('./anomalies.ts')).registerAnomalyCommands(p) },
  { names: ['deaths'], register: async (p) => (await import('./anomalies.ts')).registerDeathCommands(p) },
  { names: ['findings', 'campaigns'], register: async (p) => (await import('./rectification.ts')).registerRectificationCommands(p) },
];

/** The top-level command asked for: the first argument that is not an option (null: none, e.g. `doudi --help`). */
export function askedCommand(argv: readonly string[]): string | null {
  return argv.slice(2).find((a) => !a.startsWith('-')) ?? null;
}

/** The `doudi` command line: thin sub-commands over `commands/`. Each file registers its own. */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('doudi')
    .description('兜底 doudi — 铁岭市农村社会救助兜底保障系统 / Tieling social-assistance safety net')
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\n退出码 exit codes: 0 成功 done · 1 被拒绝 refused (权限、状态、未找到 permission, state, not found) · 2 用法错误 usage (缺少或错误的选项 a missing or malformed option)\n' +
        '--json: 结果与错误均以 JSON 输出到标准输出 results and errors as JSON on stdout; 错误 an error is { "error": { "code", "message": { "zh", "en" }, "field"? } }',
    )
    .exitOverride();
  // The command asked for, alone; every command for help, `doudi help …` or a command that does not exist (its error lists them).
  const asked = askedCommand(argv);
  const chosen = REGISTRATIONS.filter((r) => asked !== null && r.names.includes(asked));
  for (const r of chosen.length > 0 ? chosen : REGISTRATIONS) await r.register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await runProgram(await buildProgram(argv), argv);
}
