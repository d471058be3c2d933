import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '#contracts/cases.ts';

const STATE_COLORS: Record<CaseSummary['state'], string> = {
  applied: 'blue',
  incomplete: 'orange',
  accepted: 'geekblue',
  investigated: 'geekblue',
  deliberated: 'geekblue',
  village_notice: 'purple',
  county_review: 'cyan',
  county_notice: 'purple',
  approved: 'success',
  refused: 'error',
  closed_ineligible: 'default',
  withdrawn: 'default',
};

export function StateTag({ state }: { state: CaseSummary['state'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="case-state-tag" data-state={state}>
      {t(`cases.state.${state}`)}
    </Tag>
  );
}

/** The due date of the step waited for, red when it has passed. */
export function DueDate({ due, overdue }: { due: string | null; overdue: boolean }) {
  const { t } = useTranslation();
  if (!due) return <Typography.Text type="secondary">{t('cases.noDeadline')}</Typography.Text>;
  return (
    <span className={overdue ? 'case-overdue' : undefined} data-overdue={String(overdue)}>
      {due}
      {overdue && (
        <Tag color="error" style={{ marginLeft: 6 }}>
          {t('cases.overdue')}
        </Tag>
      )}
    </span>
  );
}

/** Lines of a text area as a list: one item per line, blanks dropped. */
export const lines = (text: string | undefined): string[] =>
  (text ?? '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

/** Today on the browser's calendar (a default for date fields; the server checks dates against its own day). */
export function browserToday(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** ISO instant as local "YYYY-MM-DD HH:mm" (display only). */
export function shortTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
