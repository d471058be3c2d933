import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { type KeyStatus, keysStatus } from '../commands/admin/keys-status.ts';
import { retireKey } from '../commands/admin/keys-retire.ts';
import { type RotateResult, rotateKeys } from '../commands/admin/keys-rotate.ts';
import { withDb, withExistingDb } from './runtime.ts';
import { operatorContext } from '../commands/context.ts';

/** Below this many values a rotation takes a few seconds: no progress bar. */
const PROGRESS_FROM = 5_000;


/**
 * `doudi keys status [--json]`, `doudi keys rotate [--json]`, `doudi keys retire <keyId> [--json]` (ADR 0019): the data
 * keys that seal personal data, their rotation while the server runs, and the removal of a key nothing needs any more.
 */
export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('密钥 Keys that seal personal data (ADR 0019)');

  keys
    .command('status')
    .description('密钥文件与各数据密钥加密的数值个数（不显示密钥）the key file and how many values each data key seals (no key material shown)')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      await withExistingDb(
        async (db) => {
          const s = await keysStatus(operatorContext(db));
          process.stdout.write(o.json ? `${JSON.stringify(s)}\n` : describeStatus(s));
          warn(s);
        },
        { readOnly: true },
      );
    });

  keys
    .command('rotate')
    .description('新增数据密钥并设为当前，再将所有加密值重新加密（可中断后续跑；服务可继续运行）add a new current data key and re-seal every value under it (resumable; the server keeps running)')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      let bar: SingleBar | null = null;
      const onProgress = (done: number, total: number) => {
        if (total < PROGRESS_FROM || !process.stderr.isTTY) return;
        bar ??= new SingleBar({ format: '重新加密 re-sealing [{bar}] {percentage}% {value}/{total} 个加密值 values, ETA {eta}s', hideCursor: true });
        if (!bar.isActive) bar.start(total, done);
        bar.setTotal(total);
        bar.update(done);
      };
      const batch = Number(process.env.DOUDI_KEYS_BATCH) || undefined;
      let r: RotateResult;
      try {
        r = await withDb((db) => rotateKeys(operatorContext(db), { batch, onProgress }), { quiet: true });
      } finally {
        (bar as SingleBar | null)?.stop();
      }
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : describeRotation(r));
      if (!r.complete) {
        process.stderr.write(
          `KEY_ROTATION_INCOMPLETE: 仍有 ${r.remaining} 个加密值不是用当前密钥加密的（轮换期间其他进程仍用旧密钥写入），请再次运行 doudi keys rotate / ` +
            `${r.remaining} values are still not sealed with the current key (written meanwhile by a process still using the old key): run doudi keys rotate again\n`,
        );
        process.exitCode = 1;
      }
    });

  keys
    .command('retire <keyId>')
    .description('从密钥文件中删除一个不再使用的数据密钥（当前密钥或仍有加密值时拒绝）remove a data key no value uses any more from the key file')
    .option('--json', 'machine-readable output')
    .action(async (keyId: string, o: { json?: boolean }) => {
      const r = await withDb((db) => retireKey(operatorContext(db), { keyId }), { quiet: true });
      process.stdout.write(
        o.json ? `${JSON.stringify(r)}\n` : `已停用数据密钥 data key retired: ${r.key}; 密钥文件中的数据密钥 data keys left: ${r.dataKeys.join(', ')} (当前 current ${r.current})\n请另行备份更新后的密钥文件 back up the changed key file.\n`,
      );
    });
}

const counts = (r: Record<string, number>) => {
  const list = Object.entries(r).filter(([, n]) => n > 0);
  return list.length ? list.map(([c, n]) => `${c} ${n}`).join(', ') : '无 none';
};

function describeStatus(s: KeyStatus): string {
  const lines = [`密钥文件 key file: ${s.keyFile} (${s.mode})`, '数据密钥 data keys:'];
  for (const k of s.dataKeys) lines.push(`  ${k.id}  ${k.created}  ${k.current ? '当前 current' : '          '}  ${k.total} 个加密值 values: ${counts(k.sealed)}`);
  for (const k of s.unknownKeys) lines.push(`  ${k.id}  不在密钥文件中 NOT IN THE KEY FILE  ${k.total} 个加密值无法解密 values cannot be opened: ${counts(k.sealed)}`);
  if (Object.keys(s.notSealed).length) lines.push(`  未加密的值 values not sealed: ${counts(s.notSealed)}`);
  lines.push(`查找密钥 lookup key: ${s.lookup.id} (${s.lookup.created})`, `审计密钥 audit key: ${s.audit.id} (${s.audit.created})`);
  const r = s.rotation;
  if (r) lines.push(r.completedAt ? `上次轮换 last rotation: ${r.key}, ${r.startedAt} – ${r.completedAt}` : `轮换未完成 rotation to ${r.key} not complete (started ${r.startedAt}): 请运行 run doudi keys rotate`);
  return `${lines.join('\n')}\n`;
}

function describeRotation(r: RotateResult): string {
  const head = r.previous ? `新数据密钥 new data key: ${r.key} (之前 previously ${r.previous})` : `续上次轮换 carried on the rotation to ${r.key}`;
  const lines = [`${head}; 重新加密 re-sealed: ${counts(r.resealed)} in ${r.seconds.toFixed(1)} s`];
  if (r.complete) {
    lines.push('所有加密值均已使用当前密钥 every sealed value is now under the current key.');
    lines.push('请立即另行备份密钥文件 back up the key file now, apart from the database backups (ADR 0016);');
    lines.push('旧密钥在仍需恢复旧备份期间请保留，之后可用 doudi keys retire <旧密钥> 停用 keep old keys while older backups may be restored, then retire them with doudi keys retire <keyId>.');
  }
  return `${lines.join('\n')}\n`;
}

function warn(s: KeyStatus): void {
  if (s.tooOpen) {
    process.stderr.write(
      `KEY_FILE_TOO_OPEN: 密钥文件 ${s.keyFile} 可被其他用户访问（${s.mode}），请执行 chmod 600 ${s.keyFile} / the key file is accessible to other users (${s.mode}): chmod 600 ${s.keyFile}\n`,
    );
  }
  for (const k of s.unknownKeys) {
    process.stderr.write(`KEY_MISSING: ${k.total} 个加密值使用的密钥 ${k.id} 不在密钥文件中，无法解密 / ${k.total} values are sealed with key ${k.id}, which the key file does not hold: they cannot be opened\n`);
  }
}
