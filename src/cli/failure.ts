import { type Command, CommanderError } from 'commander';
import { AppError, isAppError } from '../kernel/errors.ts';
import { isStorageFull, storageFull } from '../kernel/storage-full.ts';

/**
 * How a command fails, for every command in one place (issue 10 point 10, ADR 0021): a line on stderr
 * `CODE: 中文 / English [field]`, and with `--json` also `{ "error": { code, message: { zh, en }, field? } }` on stdout
 * — the object the API sends, under `error` so that a script tells it from a result. Exit codes: 1 a refusal
 * (permission, state, not found, conflict), 2 a usage error (what was typed: a missing option, a malformed value).
 */
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/**
 * A refusal of what the user typed (exit 2). `lines` replace the stderr line when a command explains itself in
 * several (calc: one per fault); `extra` adds to the JSON error (calc: `issues`).
 */
export class UsageError extends Error {
  readonly error: AppError;
  readonly opts: { lines?: string[]; extra?: Record<string, unknown> };
  constructor(error: AppError, opts: { lines?: string[]; extra?: Record<string, unknown> } = {}) {
    super(error.message);
    this.name = 'UsageError';
    this.error = error;
    this.opts = opts;
  }
}

/** Runs `run`; the errors it throws whose code is in `codes` become usage errors (exit 2), the others go on unchanged. */
export const usageErrorsIn =
  (codes: ReadonlySet<string>) =>
  async <T>(run: () => Promise<T> | T): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      throw isAppError(e) && codes.has(e.code) ? new UsageError(e) : e;
    }
  };

/** Whether the command line asks for JSON (options end at `--`). */
export function wantsJson(argv: readonly string[]): boolean {
  const args = argv.slice(2);
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).includes('--json');
}

const COMMANDER_CODES: Record<string, { code: string; zh: (name: string) => string }> = {
  'commander.missingMandatoryOptionValue': { code: 'USAGE_OPTION_REQUIRED', zh: (n) => `缺少必填选项 --${n}` },
  'commander.optionMissingArgument': { code: 'USAGE_OPTION_VALUE_MISSING', zh: (n) => `选项 --${n} 缺少取值` },
  'commander.missingArgument': { code: 'USAGE_ARGUMENT_REQUIRED', zh: (n) => `缺少参数 ${n}` },
  'commander.unknownOption': { code: 'USAGE_OPTION_UNKNOWN', zh: (n) => `未知选项 --${n}` },
  'commander.unknownCommand': { code: 'USAGE_COMMAND_UNKNOWN', zh: (n) => `未知命令 ${n}` },
  'commander.excessArguments': { code: 'USAGE_ARGUMENTS_EXCESS', zh: () => '参数过多' },
  'commander.conflictingOption': { code: 'USAGE_OPTIONS_CONFLICT', zh: () => '选项不能同时使用' },
  'commander.invalidArgument': { code: 'USAGE_VALUE_INVALID', zh: () => '取值无效' },
};

/**
 * Commander's usage errors as AppErrors. Commander has written its own message (and the help) to stderr already.
 * Our commands' `cmd.error('CODE: 中文 / English', …)` keep their code and both messages.
 */
export function commanderUsageError(e: CommanderError): AppError {
  const text = e.message.replace(/^error: /, '');
  const own = /^([A-Z][A-Z0-9_]+): ([\s\S]+?) \/ ([\s\S]+)$/.exec(text);
  if (own) return new AppError(own[1], { zh: own[2], en: own[3] });
  // The option's or argument's name: `'--county <code>'` → county, `'number'` → number.
  const name = /'(?:--)?([^' ]+)[^']*'/.exec(text)?.[1]?.replace(/^-+/, '');
  // A command group run without its sub-command: commander has printed the group's help.
  if (e.code === 'commander.help') return new AppError('USAGE_COMMAND_REQUIRED', { zh: '请指定子命令（见上方列表）', en: 'Name a sub-command (see the list above)' });
  const known = COMMANDER_CODES[e.code];
  if (!known) return new AppError('USAGE', { zh: `用法错误：${text}`, en: text });
  return new AppError(known.code, { zh: known.zh(name ?? ''), en: text }, name && e.code !== 'commander.excessArguments' && e.code !== 'commander.unknownCommand' ? { field: name } : {});
}

const internal = () => new AppError('INTERNAL', { zh: '内部错误，详见标准错误输出', en: 'Internal error; see standard error' }, { status: 500 });

/**
 * What a failed command prints, and its exit code. Errors no user should meet (a bug, a driver's failure) print the
 * JSON error when asked and are thrown again, so that their stack reaches stderr and the exit code stays 1.
 */
export function reportFailure(caught: unknown, json: boolean, io: CliIo = processIo): number {
  // A full disk is said plainly, like any other error a user can meet (issue 9, point 10).
  const e = isStorageFull(caught) ? storageFull() : caught;
  let error: AppError;
  let exitCode: number;
  let extra: Record<string, unknown> | undefined;
  if (e instanceof CommanderError) {
    // --help and --version end with exit 0; commander has printed the usage error's message itself.
    if (e.exitCode === 0) return 0;
    error = commanderUsageError(e);
    exitCode = EXIT_USAGE;
  } else if (e instanceof UsageError) {
    error = e.error;
    exitCode = EXIT_USAGE;
    extra = e.opts.extra;
    io.err(e.opts.lines ? e.opts.lines.map((l) => `${l}\n`).join('') : line(error));
  } else if (isAppError(e)) {
    error = e;
    exitCode = EXIT_REFUSED;
    io.err(line(error));
  } else {
    if (json) io.out(errorJson(internal()));
    throw e;
  }
  if (json) io.out(errorJson(error, extra));
  return exitCode;
}

const line = (e: AppError) => `${e.code}: ${e.messages.zh} / ${e.messages.en}${e.field ? ` [${e.field}]` : ''}\n`;

export const errorJson = (e: AppError, extra?: Record<string, unknown>) => `${JSON.stringify({ error: { ...e.toJSON(), ...extra } })}\n`;

/** Runs the command line, every failure reported by `reportFailure` (`process.exitCode` set). */
export async function runProgram(program: Command, argv: string[], io: CliIo = processIo): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (caught) {
    process.exitCode = reportFailure(caught, wantsJson(argv), io);
  }
}

/**
 * The format of an uploaded spreadsheet: `--format` if given, else from the file name (`.csv` → csv, anything else
 * xlsx). Anything but xlsx or csv is refused with the command's own code on the `format` field (a usage error where the
 * command lists the code in its `usageErrorsIn`).
 */
export function spreadsheetFormatOf(value: string | undefined, path: string, code: string): 'csv' | 'xlsx' {
  const f = (value ?? (path.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx')).toLowerCase();
  if (f !== 'csv' && f !== 'xlsx') throw new AppError(code, { zh: '格式须为 xlsx 或 csv', en: 'The format is xlsx or csv' }, { field: 'format' });
  return f;
}
