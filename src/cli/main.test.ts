import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { askedCommand, buildProgram, REGISTRATIONS } from './main.ts';

/** What bin/doudi runs: `buildProgram(process.argv)` (isolated: it loads every command's modules, the web server's included). */
describe('the doudi command line, loaded by command', () => {
  it('each registration adds exactly the top-level commands it names', async () => {
    for (const r of REGISTRATIONS) {
      const p = new Command('doudi');
      await r.register(p);
      expect(p.commands.map((c) => c.name()).sort(), r.names.join(',')).toEqual([...new Set(r.names)].sort());
    }
  });

  it('loads the command asked for alone, and every command for help or an unknown one', async () => {
    const names = (p: Command) => p.commands.map((c) => c.name());
    expect(names(await buildProgram(['node', 'doudi', 'heating', 'season', 'build', '--json']))).toEqual(['heating']);
    expect(names(await buildProgram(['node', 'doudi', '--json', 'temporary', 'batch', 'due']))).toEqual(['temporary']);
    const all = names(await buildProgram(['node', 'doudi', '--help']));
    expect(all).toEqual([...new Set(REGISTRATIONS.flatMap((r) => r.names))]);
    expect(names(await buildProgram(['node', 'doudi', 'no-such-command']))).toEqual(all);
    expect(names(await buildProgram(['node', 'doudi', 'help', 'payroll']))).toEqual(all);
    expect(askedCommand(['node', 'doudi'])).toBeNull();
  });
});
