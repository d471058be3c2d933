import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Alert, Card, Skeleton, Space, Table, type TableProps, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { COMPLIANCE_CHECKS, type ComplianceFindingView, type ComplianceReportView } from '#contracts/policy.ts';
import { chinaDateOf, parsePlainDate } from '#kernel/plain-date.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useCan } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useCompliance } from '../api/get-compliance.ts';
import { NoPermission } from '../../../components/no-permission.tsx';
import { DateField } from '../../../components/date-field.tsx';

type CountyRow = ComplianceReportView['counties'][number];
const COUNTY_CHECKS = COMPLIANCE_CHECKS.filter((c) => c !== 'CITY_AVERAGE_FLOOR');

/** One check's verdict with the figures compared; the message and citation on hover. */
function Verdict({ f }: { f: ComplianceFindingView | undefined }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  if (!f) return <Typography.Text type="secondary">{t('compliance.notApplicable')}</Typography.Text>;
  const figures = Object.entries(f.values).map(([k, v]) => `${t(`compliance.values.${k}`, { defaultValue: k })} ${v}`);
  return (
    <Tooltip title={`${bilingual(f.message)} · ${f.citation}`}>
      <Space orientation="vertical" size={0} data-testid={`verdict-${f.area}-${f.check}`} data-ok={String(f.ok)}>
        {f.ok ? (
          <Tag color="success" icon={<CheckCircleFilled />}>
            {t('compliance.pass')}
          </Tag>
        ) : (
          <Tag color="error" icon={<CloseCircleFilled />}>
            {t('compliance.fail')}
          </Tag>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {figures.join(' · ')}
        </Typography.Text>
        {f.missing && (
          <Typography.Text type="danger" style={{ fontSize: 12 }}>
            {t('compliance.missing', { names: f.missing.join(', ') })}
          </Typography.Text>
        )}
      </Space>
    </Tooltip>
  );
}

/** 合规检查 For city users: per county, does each plan floor hold on the chosen day? */
export default function CompliancePage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const allowed = useCan('compliance.read');
  const [sp, setSp] = useSearchParams();
  const at = parsePlainDate(sp.get('at') ?? '') ?? chinaDateOf(new Date());
  const q = useCompliance(at, allowed);
  if (!allowed) return <NoPermission />;

  const r = q.data;
  const failures = r ? r.counties.flatMap((c) => c.findings).concat(r.cityFindings).filter((f) => !f.ok).length + r.timeline.length : 0;
  const columns: TableProps<CountyRow>['columns'] = [
    {
      title: t('compliance.col.county'),
      key: 'county',
      width: 170,
      fixed: 'left',
      render: (_, c) => (
        <span>
          {bilingual(c.county.name)}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.county.code}
          </Typography.Text>
        </span>
      ),
    },
    ...COUNTY_CHECKS.map((check) => ({
      title: (
        <span>
          {t(`compliance.checks.${check}`)}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
            {t(`compliance.rules.${check}`)}
          </Typography.Text>
        </span>
      ),
      key: check,
      render: (_: unknown, c: CountyRow) => <Verdict f={c.findings.find((f) => f.check === check)} />,
    })),
    {
      title: t('compliance.col.overall'),
      key: 'ok',
      width: 110,
      fixed: 'right',
      render: (_, c) => (
        <Tag color={c.ok ? 'success' : 'error'} data-testid={`county-ok-${c.county.code}`}>
          {c.ok ? t('compliance.pass') : t('compliance.fail')}
        </Tag>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('compliance.title')}
        subtitle={t('compliance.subtitle')}
        extra={
          <Space size={6}>
            <span>{t('compliance.at')}</span>
            <DateField value={at} onChange={(v) => v && parsePlainDate(v) && setSp(new URLSearchParams({ at: v }), { replace: true })} style={{ width: 160 }} data-testid="compliance-at" />
          </Space>
        }
      />
      {q.isError ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : !r ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <>
          <Alert
            type={r.ok ? 'success' : 'error'}
            showIcon
            style={{ marginBottom: 16 }}
            title={<span data-testid="compliance-summary">{r.ok ? t('compliance.allPass') : t('compliance.someFail', { count: failures })}</span>}
            description={`${bilingual(r.city.name)} · ${r.day}`}
          />
          {r.timeline.length > 0 && (
            <Alert
              type="error"
              style={{ marginBottom: 16 }}
              title={t('compliance.timeline.title', { count: r.timeline.length })}
              description={
                <div data-testid="compliance-timeline">
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                    {t('compliance.timeline.hint')}
                  </Typography.Paragraph>
                  {r.timeline.map((p) => (
                    <div key={`${p.kind}-${p.area.code}-${p.parameter?.name ?? p.finding?.check}-${p.from}`} data-testid={`timeline-${p.kind}-${p.area.code}`}>
                      <Tag color="error">{t(`compliance.timeline.${p.kind}`)}</Tag>
                      <strong>{bilingual(p.area.name)}</strong> {bilingual(p.message)}
                    </div>
                  ))}
                </div>
              }
            />
          )}
          <Card style={{ marginBottom: 16 }} size="small" title={`${bilingual(r.city.name)} · ${t('compliance.checks.CITY_AVERAGE_FLOOR')}`}>
            <Space size={16} align="start">
              <Verdict f={r.cityFindings.find((f) => f.check === 'CITY_AVERAGE_FLOOR')} />
              <Typography.Text type="secondary">{t('compliance.rules.CITY_AVERAGE_FLOOR')}</Typography.Text>
            </Space>
          </Card>
          <Card>
            <Table<CountyRow> rowKey={(c) => c.county.code} columns={columns} dataSource={r.counties} loading={q.isFetching} pagination={false} scroll={{ x: 'max-content' }} data-testid="compliance-table" />
          </Card>
        </>
      )}
    </>
  );
}
