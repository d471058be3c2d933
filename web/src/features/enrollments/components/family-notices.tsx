import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, List, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EnrollmentDetail } from '#contracts/enrollments.ts';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { downloadDocument, useDocumentFormats } from '../../cases/api/documents.ts';

/** `GET /api/enrollments/:county/:id/notices/:noticeId` */
const noticeUrl = (e: EnrollmentDetail, id: string, format: 'html' | 'pdf', download = false) =>
  `/api/enrollments/${e.countyCode}/${e.id}/notices/${id}?format=${format}${download ? '&download=true' : ''}`;

/** 终止 / 暂停 / 变更救助通知书 issued for the enrollment's changes: number, day, print view and PDF. */
export function FamilyNotices({ e }: { e: EnrollmentDetail }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const pdf = useDocumentFormats().data?.pdf ?? false;
  if (e.familyNotices.length === 0) return null;
  const download = async (url: string) => {
    try {
      message.success(t('cases.documents.downloaded', { name: await downloadDocument(url) }));
    } catch (err) {
      message.error(isApiRequestError(err) ? bilingual(err.messages) : String(err));
    }
  };
  return (
    <List
      size="small"
      data-testid="family-notices"
      header={<Typography.Text strong>{t('enrollments.familyNotices.title')}</Typography.Text>}
      dataSource={e.familyNotices}
      renderItem={(n) => (
        <List.Item
          data-testid={`family-notice-${n.kind}`}
          actions={[
            <Button key="print" size="small" icon={<PrinterOutlined />} onClick={() => window.open(noticeUrl(e, n.id, 'html'), '_blank', 'noopener')} data-testid="family-notice-print">
              {t('cases.documents.print')}
            </Button>,
            <Tooltip key="pdf" title={pdf ? undefined : t('cases.documents.pdfUnavailable')}>
              <Button size="small" icon={<DownloadOutlined />} disabled={!pdf} onClick={() => void download(noticeUrl(e, n.id, 'pdf', true))}>
                {t('cases.documents.pdf')}
              </Button>
            </Tooltip>,
          ]}
        >
          <Space wrap>
            <span>{t(`enrollments.familyNotices.kinds.${n.kind}`)}</span>
            <span className="mono" data-testid="family-notice-number">
              {n.number}
            </span>
            <Typography.Text type="secondary">{n.issuedOn}</Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}
