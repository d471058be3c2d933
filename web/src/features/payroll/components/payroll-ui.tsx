import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LineKind, RollStatus } from '#contracts/payroll.ts';
import { formatYuanGrouped } from '#kernel/money.ts';

const STATUS_COLORS: Record<RollStatus, string> = { building: 'processing', built: 'orange', approved: 'blue', closed: 'default' };
const KIND_COLORS: Record<LineKind, string> = { regular: 'default', backpay: 'green', recovery: 'red', reissue: 'purple' };

export const yuan = (fen: number) => formatYuanGrouped(fen);

export function RollStatusTag({ status }: { status: RollStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="roll-status" data-status={status}>
      {t(`payroll.status.${status}`)}
    </Tag>
  );
}

export function KindTag({ kind }: { kind: LineKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLORS[kind]} data-testid="line-kind" data-kind={kind}>
      {t(`payroll.kinds.${kind}`)}
    </Tag>
  );
}

export function GradualExitTag() {
  const { t } = useTranslation();
  return (
    <Tag color="gold" data-testid="gradual-exit-tag">
      {t('payroll.gradualExit')}
    </Tag>
  );
}

/** Months a roll can be built for, newest first: from the plan's year (2019) to next month on the browser's calendar. */
export function buildableMonths(today = new Date()): string[] {
  const out: string[] = [];
  let y = today.getFullYear();
  let m = today.getMonth() + 2;
  if (m > 12) {
    m = 1;
    y++;
  }
  while (y > 2019 || (y === 2019 && m >= 1)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (--m === 0) {
      m = 12;
      y--;
    }
  }
  return out;
}

/** ISO instant as local "YYYY-MM-DD HH:mm" (display only). */
export function when(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
