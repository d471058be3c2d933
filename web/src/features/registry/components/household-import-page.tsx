import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, Radio, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RegistryImportKind, RegistryImportProblem, RegistryImportReport } from '#contracts/registry-import.ts';
import { divisionLevel } from '#kernel/division-code.ts';
import { AreaCascader } from '../../../components/area-cascader/area-cascader.tsx';
import { NoPermission } from '../../../components/no-permission.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { downloadTemplate, useDownloadReport, useImportHouseholds } from '../api/import-households.ts';

const importable = (code: string | undefined) => !!code && ['village', 'township'].includes(divisionLevel(code));

/**
 * 批量导入 Households of a village or township from the published template: download the template, choose the area,
 * upload the filled-in file; the answer is applied whole or refused with every problem by row and column (nothing
 * changed), the problems also downloadable as a workbook.
 */
export default function HouseholdImportPage() {
  const { t } = useTranslation();
  const user = useUser();
  const canWrite = useCan('registry.write');
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const [area, setArea] = useState<string | undefined>(importable(user.areaCode) ? user.areaCode : undefined);
  const [file, setFile] = useState<File | null>(null);
  // 导入内容: new households (the default), or the heating of registered ones (ADR 0042); the missing list links here with ?kind=heating.
  const [params, setParams] = useSearchParams();
  const kind: RegistryImportKind = params.get('kind') === 'heating' ? 'heating' : 'households';
  const run = useImportHouseholds();
  const report = useDownloadReport();
  const fail = (e: unknown) => void message.error(isApiRequestError(e) ? bilingual(e.messages) : t('registryImport.failed'));

  if (!canWrite) return <NoPermission />;
  const r = run.data;

  return (
    <>
      <PageHeader
        breadcrumb={<Breadcrumb items={[{ title: <Link to="/registry">{t('registry.listTitle')}</Link> }, { title: t('registryImport.title') }]} />}
        title={t('registryImport.title')}
        subtitle={t('registryImport.subtitle')}
      />
      <Card title={t('registryImport.step1')} style={{ marginBottom: 16 }}>
        <div style={{ marginBottom: 12 }}>
          <div style={{ marginBottom: 4 }}>{t('registryImport.kind')}</div>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            value={kind}
            onChange={(e) => {
              setParams(e.target.value === 'heating' ? { kind: 'heating' } : {}, { replace: true });
              run.reset();
            }}
            options={(['households', 'heating'] as const).map((k) => ({ value: k, label: t(`registryImport.kinds.${k}`) }))}
            data-testid="import-kind"
          />
        </div>
        <p className="page-subtitle">{t(kind === 'heating' ? 'registryImport.heatingTemplateHint' : 'registryImport.templateHint')}</p>
        <Button icon={<DownloadOutlined />} onClick={() => downloadTemplate(kind).catch(fail)} data-testid="import-template">
          {t('registryImport.downloadTemplate')}
        </Button>
      </Card>
      <Card title={t('registryImport.step2')} style={{ marginBottom: 16 }}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <div>
            <div style={{ marginBottom: 4 }}>{t('registryImport.area')}</div>
            <AreaCascader rootCode={user.areaCode} value={area} onChange={setArea} placeholder={t('registryImport.areaPlaceholder')} style={{ width: 320, maxWidth: '100%' }} data-testid="import-area" />
            {area === user.areaCode && <div className="page-subtitle" data-testid="import-area-own">{t('registryImport.areaOwn', { name: user.areaName })}</div>}
            {area && !importable(area) && <Typography.Text type="danger" style={{ display: 'block' }}>{t('registryImport.areaLevel')}</Typography.Text>}
          </div>
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
            <Button icon={<UploadOutlined />} data-testid="import-choose">
              {t('registryImport.choose')}
            </Button>
          </Upload>
          <Button
            type="primary"
            disabled={!file || !importable(area)}
            loading={run.isPending}
            onClick={() => file && area && run.mutate({ file, area, kind }, { onError: fail })}
            data-testid="import-start"
          >
            {t('registryImport.start')}
          </Button>
        </Space>
      </Card>
      {r && (
        <Card title={t('registryImport.result')} data-testid="import-report" data-applied={String(r.applied)}>
          <Alert
            type={r.applied ? 'success' : 'error'}
            showIcon
            title={
              !r.applied
                ? t('registryImport.refused', { count: r.problemCount })
                : r.kind === 'heating'
                  ? t('registryImport.heatingApplied', { households: r.households, unchanged: r.unchanged ?? 0 })
                  : t('registryImport.applied', { households: r.households, persons: r.persons })
            }
            style={{ marginBottom: 12 }}
          />
          {r.applied ? (
            <Link to="/registry" data-testid="import-to-list">
              {t('registryImport.toList')}
            </Link>
          ) : (
            <ProblemTable report={r} onDownload={() => report.mutate(r, { onError: fail })} downloading={report.isPending} />
          )}
        </Card>
      )}
    </>
  );
}

function ProblemTable({ report, onDownload, downloading }: { report: RegistryImportReport; onDownload: () => void; downloading: boolean }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  return (
    <>
      <Button icon={<DownloadOutlined />} onClick={onDownload} loading={downloading} style={{ marginBottom: 12 }} data-testid="import-report-download">
        {t('registryImport.downloadReport')}
      </Button>
      <Table<RegistryImportProblem>
        size="small"
        rowKey={(p) => `${p.row}-${p.column ?? ''}-${p.code}`}
        dataSource={report.problems}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('registryImport.col.row'), dataIndex: 'row', width: 80 },
          { title: t('registryImport.col.column'), dataIndex: 'column', width: 180, render: (c: string | null) => c ?? '—' },
          { title: t('registryImport.col.problem'), key: 'm', render: (_, p) => bilingual(p.message) },
        ]}
        data-testid="import-problems"
      />
      {report.problemCount > report.problems.length && <div className="page-subtitle">{t('registryImport.more', { count: report.problemCount - report.problems.length })}</div>}
    </>
  );
}
