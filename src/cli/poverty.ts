import type { Command } from 'commander';
import { registerPovertyListCommands } from './poverty-lists.ts';
import { registerPovertyImportCommands } from './poverty-import.ts';
import { registerPovertyMatchCommands } from './poverty-match.ts';

/**
 * `doudi poverty …`: the exchange with the poverty-alleviation office's registry (双纳入, issue 12). Each part registers
 * its own sub-commands on the one `poverty` command.
 */
export function registerPovertyCommands(program: Command): Command {
  const poverty = program.command('poverty').description('扶贫建档立卡数据交换与双纳入 the poverty-registry exchange and dual inclusion');
  registerPovertyListCommands(poverty);
  registerPovertyImportCommands(poverty);
  registerPovertyMatchCommands(poverty);
  return poverty;
}
