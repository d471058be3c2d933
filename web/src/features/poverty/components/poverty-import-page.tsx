import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Select, Space, Spin, Table, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PovertyImportProblem, PovertyImportResult } from '#contracts/poverty.ts';
import { divisionLevel } from '#kernel/division-code.ts';
import { fetchChildren } from '../../../components/area-cascader/divisions-api.ts';
import { DateField } from '../../../components/date-field.tsx';
import { NoPermission } from '../../../components/no-permission.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { downloadPovertyTemplate, useDownloadPovertyReport, useImportPoverty } from '../api/poverty-import.ts';

const MATCH_KEYS = ['byId', 'confirmed', 'suggested', 'unknown'] as const;

/**
 * 建档立卡数据导入 The liaison's import of the poverty office's file: download the template, choose the area (the city or
 * a county) and the day, upload; the answer is a snapshot with its difference from the previous one and the match to
 * the registry, the same content unchanged, or a refusal with every problem by row and column (downloadable).
 */
export default function PovertyImportPage() {
  const { t } = useTranslation();
  const user = useUser();
  const canImport = useCan('poverty.import');
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const cityLevel = divisionLevel(user.areaCode) === 'city';
  const counties = useQuery({ queryKey: ['divisions', 'children', user.areaCode], queryFn: () => fetchChildren(user.areaCode), enabled: cityLevel && canImport, staleTime: 60 * 60_000 });
  const [county, setCounty] = useState<string>('');
  const [asOf, setAsOf] = useState<string | undefined>();
  const [file, setFile] = useState<File | null>(null);
  const run = useImportPoverty();
  const report = useDownloadPovertyReport();
  const fail = (e: unknown) => void message.error(isApiRequestError(e) ? bilingual(e.messages) : t('povertyImport.failed'));

  if (!canImport) return <NoPermission />;
  const r = run.data;

  return (
    <>
      <PageHeader title={t('povertyImport.title')} subtitle={t('povertyImport.subtitle')} />
      <Card title={t('povertyImport.step1')} style={{ marginBottom: 16 }}>
        <p className="page-subtitle">{t('povertyImport.templateHint')}</p>
        <Button icon={<DownloadOutlined />} onClick={() => downloadPovertyTemplate().catch(fail)} data-testid="poverty-template">
          {t('povertyImport.downloadTemplate')}
        </Button>
      </Card>
      <Card title={t('povertyImport.step2')} style={{ marginBottom: 16 }}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            {cityLevel && (
              <div>
                <div style={{ marginBottom: 4 }}>{t('povertyImport.area')}</div>
                <Select
                  value={county}
                  onChange={setCounty}
                  style={{ width: 220, maxWidth: '100%' }}
                  options={[{ value: '', label: t('povertyImport.city') }, ...(counties.data ?? []).filter((d) => d.level === 'county').map((d) => ({ value: d.code, label: d.name }))]}
                  data-testid="poverty-area"
                />
              </div>
            )}
            <div>
              <div style={{ marginBottom: 4 }}>{t('povertyImport.asOf')}</div>
              <DateField value={asOf} onChange={setAsOf} style={{ width: 220, maxWidth: '100%' }} data-testid="poverty-as-of" />
            </div>
          </Space>
          <Upload
            accept=".xlsx,.csv"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              run.reset();
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
          >
            <Button icon={<UploadOutlined />} data-testid="poverty-choose">
              {t('povertyImport.choose')}
            </Button>
          </Upload>
          <Button type="primary" disabled={!file} loading={run.isPending} onClick={() => file && run.mutate({ file, county: county || undefined, asOf }, { onError: fail })} data-testid="poverty-start">
            {t('povertyImport.start')}
          </Button>
          {run.isPending && (
            <Spin>
              <div className="page-subtitle" style={{ padding: 16 }} data-testid="poverty-running">
                {t('povertyImport.running')}
              </div>
            </Spin>
          )}
        </Space>
      </Card>
      {r && (
        <Card title={t('povertyImport.result')} data-testid="poverty-result" data-outcome={r.outcome} data-snapshot={r.snapshotId ?? undefined}>
          <Alert type={r.outcome === 'accepted' ? 'success' : r.outcome === 'unchanged' ? 'info' : 'error'} showIcon title={headline(t, r)} style={{ marginBottom: 12 }} />
          {r.outcome === 'accepted' && <Accepted result={r} />}
          {r.outcome === 'refused' && <ProblemTable result={r} onDownload={() => report.mutate(r, { onError: fail })} downloading={report.isPending} />}
          {r.outcome !== 'refused' && (
            <Link to="/poverty/snapshots" data-testid="poverty-to-snapshots">
              {t('povertyImport.toSnapshots')}
            </Link>
          )}
        </Card>
      )}
    </>
  );
}

function headline(t: (k: string, o?: Record<string, unknown>) => string, r: PovertyImportResult): string {
  if (r.outcome === 'accepted') return t('povertyImport.accepted', { asOf: r.asOf, households: r.households, persons: r.persons });
  if (r.outcome === 'unchanged') return t('povertyImport.unchanged', { asOf: r.asOf });
  return t('povertyImport.refused', { count: r.problemCount });
}

function Accepted({ result: r }: { result: PovertyImportResult }) {
  const { t } = useTranslation();
  const pair = (x: { households: number; persons: number }) => `${x.households.toLocaleString()} ${t('povertyImport.households')} / ${x.persons.toLocaleString()} ${t('povertyImport.persons')}`;
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
      <Descriptions size="small" bordered column={{ xs: 1, sm: 3 }} title={t('povertyImport.diffTitle')} data-testid="poverty-diff">
        <Descriptions.Item label={t('povertyImport.added')}>{pair(r.added)}</Descriptions.Item>
        <Descriptions.Item label={t('povertyImport.removed')}>{pair(r.removed)}</Descriptions.Item>
        <Descriptions.Item label={t('povertyImport.changed')}>{pair(r.changed)}</Descriptions.Item>
      </Descriptions>
      {!r.previousId && <div className="page-subtitle">{t('povertyImport.firstSnapshot')}</div>}
      {r.match && (
        <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }} title={t('povertyImport.matchTitle')} data-testid="poverty-match">
          {MATCH_KEYS.filter((k) => r.match?.[k] !== undefined).map((k) => (
            <Descriptions.Item key={k} label={t(`povertyImport.match.${k}`)}>
              {(r.match?.[k] ?? 0).toLocaleString()} {t('povertyImport.persons')}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Space>
  );
}

function ProblemTable({ result, onDownload, downloading }: { result: PovertyImportResult; onDownload: () => void; downloading: boolean }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  return (
    <>
      <Button icon={<DownloadOutlined />} onClick={onDownload} loading={downloading} style={{ marginBottom: 12 }} data-testid="poverty-report-download">
        {t('povertyImport.downloadReport')}
      </Button>
      <Table<PovertyImportProblem>
        size="small"
        rowKey={(p) => `${p.row}-${p.column ?? ''}-${p.code}`}
        dataSource={result.problems}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('povertyImport.col.row'), dataIndex: 'row', width: 70 },
          { title: t('povertyImport.col.column'), dataIndex: 'column', width: 140, render: (c: string | null) => c ?? '—' },
          { title: t('povertyImport.col.problem'), key: 'm', render: (_, p) => bilingual(p.message) },
        ]}
        data-testid="poverty-problems"
      />
      {result.problemCount > result.problems.length && <div className="page-subtitle">{t('povertyImport.more', { count: result.problemCount - result.problems.length })}</div>}
    </>
  );
}
