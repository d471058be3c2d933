import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LineKind, RollStatus } from '#contracts/payroll.ts';
import { formatYuanGrouped } from '#kernel/money.ts';

const STATUS_COLORS: Record<RollStatus, string> = { building: 'processing', built: 'orange', approved: 'blue', closed: 'default' };
const KIND_COLORS: Record<LineKind, string> = { regular: 'default', backpay: 'green', recovery: 'red', reissue: 'purple', stage: 'cyan' };

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
