import { FilePdfOutlined } from '@ant-design/icons';
import { App, Breadcrumb, Button, Card, List, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ArchiveEntry, CaseFileView } from '#contracts/case-files.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { downloadArchivePdf, useHouseholdArchive } from '../api/archive.ts';
import { FileList } from './owner-files-card.tsx';

const KIND_COLOR: Record<ArchiveEntry['kind'], string> = { case: 'blue', decision: 'green', document: 'purple', file: 'default', payment: 'gold' };

/**
 * 电子档案 The household's electronic case file (issue 17 point 3, ADR 0049/0050): every case with its retention
 * (保管至), the chronological listing of cases, decisions, numbered documents, files and payments — each file with its
 * preview and download — and the bound PDF to print (the whole household, or one case). Reached from the household
 * page and the case page; one column on a phone.
 */
export default function HouseholdArchivePage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const { county = '', id = '' } = useParams();
  const q = useHouseholdArchive(county, id);
  const [printing, setPrinting] = useState<string | null>(null);
  const print = async (caseId?: string) => {
    setPrinting(caseId ?? 'all');
    try {
      const r = await downloadArchivePdf(county, id, caseId);
      message.success(t('cases.archive.printed', { name: r.name }));
    } catch (e) {
      message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
    } finally {
      setPrinting(null);
    }
  };
  const a = q.data;
  const files = new Map<string, CaseFileView>((a?.files ?? []).map((f) => [f.id, f]));
  return (
    <div data-testid="household-archive">
      <PageHeader
        breadcrumb={<Breadcrumb items={[{ title: <Link to={`/registry/${county}/${id}`}>{t('cases.archive.household')}</Link> }, { title: t('cases.archive.title') }]} />}
        title={t('cases.archive.title')}
        subtitle={a && t('cases.archive.counts', a.counts)}
        extra={
          <Button type="primary" icon={<FilePdfOutlined />} loading={printing === 'all'} disabled={!a} onClick={() => void print()} data-testid="archive-print">
            {t('cases.archive.print')}
          </Button>
        }
      />
      {q.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : q.isError ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Card title={t('cases.archive.cases')} size="small" data-testid="archive-cases">
            <List
              size="small"
              locale={{ emptyText: t('cases.archive.noCases') }}
              dataSource={q.data.cases ?? []}
              renderItem={(c) => (
                <List.Item
                  actions={[
                    <Button key="pdf" size="small" icon={<FilePdfOutlined />} loading={printing === c.id} onClick={() => void print(c.id)}>
                      {t('cases.archive.printCase')}
                    </Button>,
                  ]}
                >
                  <Space direction="vertical" size={0}>
                    <Space wrap>
                      <Link to={`/cases/${county}/${c.id}`}>{t(`cases.archive.program.${c.program}`, { defaultValue: c.program })}</Link>
                      <Tag>{t(`cases.state.${c.state}`, { defaultValue: c.state })}</Tag>
                      {c.due && <Tag color="red">{t('cases.archive.due')}</Tag>}
                    </Space>
                    <Typography.Text type="secondary" data-testid="archive-retention">
                      {c.retainUntil ? t('cases.archive.retainUntil', { closedOn: c.closedOn, years: c.retentionYears, until: c.retainUntil }) : t('cases.archive.open', { appliedOn: c.appliedOn })}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
          <Card title={t('cases.archive.listing')} size="small">
            <Table
              size="small"
              rowKey={(e) => `${e.kind}:${e.ref}`}
              pagination={false}
              dataSource={q.data.entries}
              scroll={{ x: true }}
              columns={[
                { key: 'on', title: t('cases.archive.col.on'), dataIndex: 'on', width: 104 },
                { key: 'kind', title: t('cases.archive.col.kind'), width: 72, render: (_: unknown, e: ArchiveEntry) => <Tag color={KIND_COLOR[e.kind]}>{t(`cases.archive.kind.${e.kind}`)}</Tag> },
                {
                  key: 'what',
                  title: t('cases.archive.col.what'),
                  render: (_: unknown, e: ArchiveEntry) => {
                    const f = e.kind === 'file' ? files.get(e.ref) : undefined;
                    return f ? <FileList items={[f]} loading={false} /> : bilingual(e.title);
                  },
                },
                { key: 'amount', title: t('cases.archive.col.amount'), dataIndex: 'amountYuan', align: 'right' as const, width: 96 },
              ]}
              data-testid="archive-listing"
            />
          </Card>
        </Space>
      )}
    </div>
  );
}
