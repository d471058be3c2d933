import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiDownload, isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';

/** '2019Q3' in words: 2019年第三季度 (the locale's). */
export function useQuarterName(): (q: string) => string {
  const { t } = useTranslation();
  return (q) => {
    const m = /^(\d{4})Q([1-4])$/.exec(q);
    if (!m) return q;
    return t('reports.quarterName', { year: m[1], q: ['一', '二', '三', '四'][Number(m[2]) - 1] });
  };
}

const STATUS_COLOR: Record<string, string> = { none: 'default', draft: 'gold', submitted: 'green', issued: 'green' };

export function ReportStatusTag({ status }: { status: 'none' | 'draft' | 'submitted' }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="report-status" data-status={status}>
      {t(`reports.status.${status}`)}
    </Tag>
  );
}

/** The xlsx and PDF of a report or bulletin (`…/export?format=`), downloaded as files. */
export function ExportButtons({ path, testPrefix }: { path: string; testPrefix: string }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (format: 'xlsx' | 'pdf') => {
    setBusy(format);
    try {
      await apiDownload(`${path}/export`, { format });
    } catch (e) {
      message.error(isApiRequestError(e) ? bilingual(e.messages) : t('reports.report.export.failed'));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space wrap>
      <Button icon={<DownloadOutlined />} loading={busy === 'xlsx'} onClick={() => void run('xlsx')} data-testid={`${testPrefix}-xlsx`}>
        {t('reports.report.export.xlsx')}
      </Button>
      <Button icon={<DownloadOutlined />} loading={busy === 'pdf'} onClick={() => void run('pdf')} data-testid={`${testPrefix}-pdf`}>
        {t('reports.report.export.pdf')}
      </Button>
      <Button icon={<PrinterOutlined />} href={`${path}/export?format=html`} target="_blank" rel="noopener" data-testid={`${testPrefix}-print`}>
        {t('reports.report.export.print')}
      </Button>
    </Space>
  );
}
