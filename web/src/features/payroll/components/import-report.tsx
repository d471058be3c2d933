import { Alert, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportProblem, ImportReport } from '#contracts/payroll.ts';
import { useBilingual } from '../../../lib/i18n.ts';

/** The bank result file's check, row by row: applied whole, or refused with every problem found (nothing changed). */
export function ImportReportView({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  return (
    <div data-testid="import-report" data-applied={String(report.applied)}>
      <Alert
        type={report.applied ? 'success' : 'error'}
        showIcon
        title={report.applied ? t('payroll.report.applied', { paid: report.paid, failed: report.failed }) : t('payroll.report.refused', { count: report.problemCount })}
        style={{ marginBottom: 12 }}
      />
      {report.problems.length > 0 && (
        <Table<ImportProblem>
          size="small"
          rowKey={(p) => `${p.row}-${p.code}-${p.field ?? ''}`}
          dataSource={report.problems}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: t('payroll.report.row'), dataIndex: 'row', width: 70 },
            { title: t('payroll.report.seq'), dataIndex: 'seq', width: 70, render: (s: number | null) => s ?? '—' },
            { title: t('payroll.report.problem'), key: 'm', render: (_, p) => `${bilingual(p.message)}${p.field ? `（${p.field}）` : ''}` },
          ]}
          data-testid="import-problems"
        />
      )}
    </div>
  );
}
