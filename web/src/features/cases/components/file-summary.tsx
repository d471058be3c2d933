import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type CaseFileView, DOCUMENT_TYPE_LABELS } from '#contracts/case-files.ts';
import { chinaDateTime } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';

/** A file in a files card: its document type, its name (struck through once marked deleted), who gave it when, its size. */
export function FileSummary({ file: f, wrap }: { file: CaseFileView; wrap?: boolean }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  return (
    <Space direction="vertical" size={0}>
      <Space wrap={wrap}>
        <Tag>{bilingual(DOCUMENT_TYPE_LABELS[f.documentType])}</Tag>
        <Typography.Text delete={f.deleted}>{f.fileName}</Typography.Text>
        {f.previewFailed && <Tag color="default">{t('cases.files.previewFailed')}</Tag>}
      </Space>
      <Typography.Text type="secondary">
        {t('cases.files.meta', { who: f.uploadedByName, at: chinaDateTime(f.uploadedAt), size: Math.max(1, Math.round(f.sizeBytes / 1024)) })}
      </Typography.Text>
    </Space>
  );
}
