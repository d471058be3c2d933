/**
 * 材料 The files of any owner (ADR 0050): a file's preview, the list of files, the upload, and the card for a household,
 * a screening ledger row or a finding. The case's own card (files-card.tsx) keeps its step chooser and required documents.
 */
import { DownloadOutlined, FileOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, List, Select, Space } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CaseFileView, DOCUMENT_TYPE_LABELS, type DocumentType, type FileOwnerKind, OWNER_DOCUMENT_TYPES, OWNERS_KEEPING_LOCATION } from '#contracts/case-files.ts';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { downloadCaseFile, filePreviewUrl, useOwnerFiles, useUploadOwnerFile } from '../api/case-files.ts';
import { EvidenceDrop } from './evidence-drop.tsx';
import { FileSummary } from './file-summary.tsx';

/**
 * A file's preview (an image's, or a PDF's first page, ADR 0050) as a small thumbnail, loaded only when scrolled to
 * (each preview read is audited); an icon when there is none.
 */
export function FilePreview({ file, width = 48 }: { file: Pick<CaseFileView, 'countyCode' | 'id' | 'hasPreview' | 'fileName'>; width?: number }) {
  if (!file.hasPreview) return <FileOutlined style={{ fontSize: 32, width, color: '#999' }} aria-hidden />;
  return (
    <img
      src={filePreviewUrl(file)}
      alt={file.fileName}
      loading="lazy"
      width={width}
      style={{ maxHeight: Math.round(width * 1.42), objectFit: 'cover', border: '1px solid #eee', borderRadius: 2 }}
      data-testid="file-preview"
    />
  );
}

/** The files as a list: preview, document type, name, who and when, and the download (each audited). */
export function FileList({ items, loading }: { items: readonly CaseFileView[]; loading: boolean }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  return (
    <List
      size="small"
      loading={loading}
      locale={{ emptyText: t('cases.files.empty') }}
      dataSource={[...items]}
      renderItem={(f) => (
        <List.Item
          actions={[
            <Button key="dl" size="small" icon={<DownloadOutlined />} onClick={() => void downloadCaseFile(f).catch((e) => message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e)))}>
              {t('cases.files.download')}
            </Button>,
          ]}
        >
          <Space align="start">
            <FilePreview file={f} />
            <FileSummary file={f} wrap />
          </Space>
        </List.Item>
      )}
    />
  );
}

/** The upload: drag and drop, a file chooser, or the phone's camera (`capture`); `extra` holds the step and type choosers. */
function FileUploader({ send, pending, extra }: { send: (file: File) => Promise<void>; pending: boolean; extra: ReactNode }) {
  return (
    <>
      <Space wrap style={{ margin: '8px 0' }}>
        {extra}
      </Space>
      <EvidenceDrop pending={pending} send={(f) => void send(f)} />
    </>
  );
}

/** Sends a file with the mutation, saying what happened as the server words it. */
function useSend(mutate: (file: File) => Promise<unknown>) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  return async (file: File) => {
    try {
      await mutate(file);
      message.success(t('cases.files.uploaded', { name: file.name }));
    } catch (e) {
      message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
    }
  };
}

/**
 * 材料 The files of a household, a screening ledger row or a finding (ADR 0050): the same list and upload as a case's,
 * for the owner's document types (`OWNER_DOCUMENT_TYPES`); `path` is the owner's files route. Without `canUpload`
 * (the role may not, or the owner is read-only) only the list shows.
 */
export function OwnerFilesCard({ kind, path, canUpload, title, testId }: { kind: FileOwnerKind; path: string; canUpload: boolean; title?: string; testId?: string }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const files = useOwnerFiles(path);
  const upload = useUploadOwnerFile(path);
  const types: readonly DocumentType[] = OWNER_DOCUMENT_TYPES[kind];
  const [type, setType] = useState<DocumentType>(types[0] ?? 'other');
  const [keepLocation, setKeepLocation] = useState(false);
  const send = useSend((file) => upload.mutateAsync({ file, type, keepLocation }));
  return (
    <Card title={title ?? t('cases.files.title')} className="section-card no-print" data-testid={testId ?? `${kind}-files`} size="small">
      <FileList items={files.data?.items ?? []} loading={files.isLoading} />
      {canUpload && (
        <FileUploader
          send={send}
          pending={upload.isPending}
          extra={
            <>
              <Select value={type} style={{ width: 220 }} onChange={setType} options={types.map((d) => ({ value: d, label: bilingual(DOCUMENT_TYPE_LABELS[d]) }))} aria-label={t('cases.files.type')} />
              {OWNERS_KEEPING_LOCATION.includes(kind) && (
                <Checkbox checked={keepLocation} onChange={(e) => setKeepLocation(e.target.checked)}>
                  {t('cases.files.keepLocation')}
                </Checkbox>
              )}
            </>
          }
        />
      )}
    </Card>
  );
}
