import { Command, CommanderError } from 'commander';
import { isAppError } from '../kernel/errors.ts';
import { isStorageFull, storageFull } from '../kernel/storage-full.ts';
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
import { withDb } from './runtime.ts';
import { loadWorkingCalendar } from '../commands/shared/working-calendar.ts';
import { loadParameterSet } from '../commands/policy/parameters.ts';

/** The `doudi` command line: thin sub-commands over `commands/`. Each file registers its own. */
export function buildProgram(): Command {
  const program = new Command('doudi')
    .description('兜底 doudi — 铁岭市农村社会救助兜底保障系统 / Tieling social-assistance safety net')
    .showHelpAfterError()
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
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (caught) {
    // A full disk is said plainly, like any other error a user can meet (issue 9, point 10).
    const e = isStorageFull(caught) ? storageFull() : caught;
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (isAppError(e)) {
      process.stderr.write(`${e.code}: ${e.messages.zh} / ${e.messages.en}${e.field ? ` [${e.field}]` : ''}\n`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}
