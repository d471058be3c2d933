import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, List, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '#contracts/cases.ts';
import { DOCUMENT_TYPE_LABELS, type DocumentType, STEP_DOCUMENT_TYPES, STEPS_KEEPING_LOCATION } from '#contracts/case-files.ts';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { downloadCaseFile, useCaseFiles, useUploadCaseFile } from '../api/case-files.ts';
import { FilePreview } from './owner-files-card.tsx';
import { EvidenceDrop } from './evidence-drop.tsx';
import { FileSummary } from './file-summary.tsx';

const STEPS = Object.keys(STEP_DOCUMENT_TYPES);

/**
 * 档案材料 The case's files (ADR 0049): the list with the required documents still missing, and an upload — drag and
 * drop, a file chooser, or the phone's camera (`capture`) — for a step and a document type. The server checks the
 * type by content, the size, and strips the photo's location; its refusals are shown as it words them.
 */
export function FilesCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const files = useCaseFiles(detail.countyCode, detail.id);
  const upload = useUploadCaseFile(detail.countyCode, detail.id);
  const [step, setStep] = useState<string>(STEPS[0] as string);
  const types = STEP_DOCUMENT_TYPES[step] ?? [];
  const [type, setType] = useState<DocumentType>(types[0] ?? 'other');
  const [keepLocation, setKeepLocation] = useState(false);
  const send = async (file: File) => {
    try {
      await upload.mutateAsync({ file, step, type, keepLocation });
      message.success(t('cases.files.uploaded', { name: file.name }));
    } catch (e) {
      message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
    }
  };
  const label = (d: DocumentType) => bilingual(DOCUMENT_TYPE_LABELS[d]);
  const missing = Object.entries(files.data?.missing ?? {});
  return (
    <Card title={t('cases.files.title')} className="section-card no-print" data-testid="case-files">
      {missing.map(([s, list]) => (
        <Alert key={s} type="warning" showIcon style={{ marginBottom: 8 }} message={t('cases.files.missing', { step: t(`cases.files.steps.${s}`), list: list.map(label).join('、') })} />
      ))}
      <List
        size="small"
        loading={files.isLoading}
        locale={{ emptyText: t('cases.files.empty') }}
        dataSource={files.data?.items ?? []}
        renderItem={(f) => (
          <List.Item
            extra={<FilePreview file={f} />}
            actions={[
              <Button key="dl" size="small" icon={<DownloadOutlined />} onClick={() => void downloadCaseFile(f).catch((e) => message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e)))}>
                {t('cases.files.download')}
              </Button>,
            ]}
          >
            <FileSummary file={f} />
          </List.Item>
        )}
      />
      <Space wrap style={{ margin: '8px 0' }}>
        <Select
          value={step}
          style={{ width: 140 }}
          onChange={(s) => {
            setStep(s);
            setType((STEP_DOCUMENT_TYPES[s] ?? ['other'])[0] as DocumentType);
          }}
          options={STEPS.map((s) => ({ value: s, label: t(`cases.files.steps.${s}`) }))}
          aria-label={t('cases.files.step')}
        />
        <Select value={type} style={{ width: 220 }} onChange={setType} options={types.map((d) => ({ value: d, label: label(d) }))} aria-label={t('cases.files.type')} />
        {STEPS_KEEPING_LOCATION.includes(step) && (
          <Checkbox checked={keepLocation} onChange={(e) => setKeepLocation(e.target.checked)}>
            {t('cases.files.keepLocation')}
          </Checkbox>
        )}
      </Space>
      <EvidenceDrop pending={upload.isPending} send={(f) => void send(f)} />
    </Card>
  );
}
