import { Command } from 'commander';
import { runProgram } from './failure.ts';
import { registerIdCommands } from './id.ts';
import { registerCalendarCommands } from './calendar.ts';
import { registerAdminCommands } from './admin.ts';
import { registerBackupCommands } from './backup.ts';
import { registerKeyCommands } from './keys.ts';
import { registerServeCommand } from './serve.ts';
import { registerDemoCommands, seedDemoData } from './demo.ts';
import { registerCalcCommand } from './calc.ts';
import { registerSimulateCommand } from './simulate.ts';
import { registerPayrollCommands } from './payroll.ts';
import { registerCaseCommands } from './cases.ts';
import { registerPolicyCommands } from './policy.ts';
import { registerEnrollmentCommands } from './enrollments.ts';
import { registerExportCommands } from './exports.ts';
import { registerRegistryCommands } from './registry.ts';
import { registerPovertyCommands } from './poverty.ts';
import { registerScreeningCommands } from './screening.ts';
import { registerTemporaryCommands } from './temporary.ts';
import { registerTemporaryReserveCommands } from './temporary-reserve.ts';
import { registerTemporaryBatchCommands } from './temporary-batch.ts';
import { registerHeatingCommands } from './heating.ts';
import { withDb } from './runtime.ts';
import { loadWorkingCalendar } from '../commands/shared/working-calendar.ts';
import { loadParameterSet } from '../commands/policy/parameters.ts';

/** The `doudi` command line: thin sub-commands over `commands/`. Each file registers its own. */
export function buildProgram(): Command {
  const program = new Command('doudi')
    .description('兜底 doudi — 铁岭市农村社会救助兜底保障系统 / Tieling social-assistance safety net')
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\n退出码 exit codes: 0 成功 done · 1 被拒绝 refused (权限、状态、未找到 permission, state, not found) · 2 用法错误 usage (缺少或错误的选项 a missing or malformed option)\n' +
        '--json: 结果与错误均以 JSON 输出到标准输出 results and errors as JSON on stdout; 错误 an error is { "error": { "code", "message": { "zh", "en" }, "field"? } }',
    )
    .exitOverride();
  registerIdCommands(program);
  // Deadlines follow the calendar as the database holds it: official data plus administrators' edits.
  registerCalendarCommands(program, { loadCalendar: () => withDb(loadWorkingCalendar, { quiet: true }) });
  registerAdminCommands(program);
  registerBackupCommands(program);
  registerKeyCommands(program);
  registerDemoCommands(program);
  registerServeCommand(program, { seedDemoData });
  // calc applies the administrators' dated overrides from the database on top of the shipped parameters.
  registerCalcCommand(program, { loadPolicy: () => withDb(loadParameterSet, { quiet: true }) });
  registerCaseCommands(program);
  registerPolicyCommands(program);
  registerSimulateCommand(program);
  registerPayrollCommands(program);
  registerEnrollmentCommands(program);
  registerExportCommands(program);
  registerRegistryCommands(program);
  registerPovertyCommands(program);
  registerScreeningCommands(program);
  registerTemporaryCommands(program);
  registerTemporaryReserveCommands(program);
  registerTemporaryBatchCommands(program);
  registerHeatingCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await runProgram(buildProgram(), argv);
}
