import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Modal, Radio, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicNoticeList } from '#contracts/cases.ts';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { downloadDocument, noticeDocumentUrl, useDocumentFormats } from '../api/documents.ts';
import { usePublicNotices } from '../api/public-notices.ts';

type Item = PublicNoticeList['items'][number];

/** 公示名单 of the user's area (or the chosen part), masked, with its print view and download. */
export function NoticesModal({ area, open, onClose }: { area?: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const [level, setLevel] = useState<'village' | 'county'>('village');
  const q = usePublicNotices(level, area, open);
  const formats = useDocumentFormats();
  const format = formats.data?.pdf ? 'pdf' : 'html';
  const download = async () => {
    try {
      const name = await downloadDocument(noticeDocumentUrl(level, area, format, true));
      message.success(t('cases.documents.downloaded', { name }));
    } catch (e) {
      message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
    }
  };
  return (
    <Modal open={open} onCancel={onClose} footer={null} width={960} title={t('cases.notices.title')} data-testid="notices-modal">
      <Typography.Paragraph type="secondary">{t('cases.notices.subtitle')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }} wrap>
        <Radio.Group value={level} onChange={(e) => setLevel(e.target.value)} optionType="button" data-testid="notices-level">
          <Radio.Button value="village">{t('cases.notices.level.village')}</Radio.Button>
          <Radio.Button value="county" data-testid="notices-level-county">
            {t('cases.notices.level.county')}
          </Radio.Button>
        </Radio.Group>
        <Button icon={<PrinterOutlined />} onClick={() => window.open(noticeDocumentUrl(level, area, 'html'), '_blank', 'noopener')} data-testid="notices-print">
          {t('cases.notices.print')}
        </Button>
        <Button type="primary" icon={<DownloadOutlined />} onClick={() => void download()} data-testid="notices-download">
          {t('cases.notices.download')} ({format.toUpperCase()})
        </Button>
      </Space>
      <Table<Item>
        size="small"
        rowKey="caseId"
        loading={q.isFetching}
        dataSource={q.data?.items}
        pagination={false}
        data-testid="notices-table"
        columns={[
          { title: t('cases.notices.col.area'), dataIndex: 'areaName' },
          { title: t('cases.notices.col.name'), dataIndex: 'name' },
          { title: t('cases.notices.col.id'), dataIndex: 'idNumberMasked', render: (s: string) => <span className="mono">{s}</span> },
          { title: t('cases.notices.col.members'), dataIndex: 'memberCount', align: 'right' },
          { title: t('cases.notices.col.amount'), dataIndex: 'amountYuan', align: 'right', render: (a: string | null) => a ?? '—' },
          { title: t('cases.notices.col.ends'), dataIndex: 'endsOn' },
        ]}
      />
    </Modal>
  );
}
