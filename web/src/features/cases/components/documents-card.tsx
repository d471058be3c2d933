import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Card, List, Space, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '#contracts/cases.ts';
import { availableDocuments } from '#contracts/documents.ts';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { caseDocumentUrl, downloadDocument, useDocumentFormats } from '../api/documents.ts';

/** The case's documents at this stage: a print view (print stylesheet; the browser can save it as PDF) and the PDF. */
export function DocumentsCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const formats = useDocumentFormats();
  const pdf = formats.data?.pdf ?? false;
  const download = async (url: string) => {
    try {
      const name = await downloadDocument(url);
      message.success(t('cases.documents.downloaded', { name }));
    } catch (e) {
      message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
    }
  };
  return (
    <Card title={t('cases.documents.title')} className="section-card no-print" data-testid="case-documents">
      <List
        size="small"
        dataSource={availableDocuments(detail)}
        renderItem={(kind) => (
          <List.Item
            data-testid={`doc-${kind}`}
            actions={[
              <Button
                key="print"
                size="small"
                icon={<PrinterOutlined />}
                onClick={() => window.open(caseDocumentUrl(detail.countyCode, detail.id, kind, 'html'), '_blank', 'noopener')}
                data-testid={`doc-print-${kind}`}
              >
                {t('cases.documents.print')}
              </Button>,
              <Tooltip key="pdf" title={pdf ? undefined : t('cases.documents.pdfUnavailable')}>
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  disabled={!pdf}
                  onClick={() => void download(caseDocumentUrl(detail.countyCode, detail.id, kind, 'pdf', true))}
                  data-testid={`doc-pdf-${kind}`}
                >
                  {t('cases.documents.pdf')}
                </Button>
              </Tooltip>,
            ]}
          >
            <Space>{detail.temporary && (kind === 'approval' || kind === 'record') ? t(`temporary.documents.${kind}`) : t(`cases.documents.kinds.${kind}`)}</Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
