import { useQuery } from '@tanstack/react-query';
import { Button, Card, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ReportListItem } from '#contracts/report-workflow.ts';
import { divisionKeys, fetchChildren } from '../../../components/area-cascader/divisions-api.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { NoPermission } from '../../../components/no-permission.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { chinaDateTime, chinaToday } from '../../../lib/format.ts';
import { useReports } from '../api/reports.ts';
import { isQuarterText, reportingQuarter } from './report-model.ts';
import { ReportStatusTag, useQuarterName } from './report-ui.tsx';


/**
 * 季度报告 The reports of the user's area (a county its own, the city every county's), and the way to a quarter's
 * report: the quarter (the last ended one by default) and, for the city, the county.
 */
export default function ReportsPage() {
  const { t } = useTranslation();
  if (!useCan('reports.read')) return <NoPermission hint={t('reports.noPermission')} />;
  return <ReportsScreen />;
}

function ReportsScreen() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const quarterName = useQuarterName();
  const q = useReports();
  const ownCounty = user.areaCode.slice(4, 6) === '00' ? null : user.areaCode.slice(0, 6);
  const [form] = Form.useForm<{ county: string; quarter: string }>();
  // The city's counties (区划), for the city's users to pick one.
  const city = `${user.areaCode.slice(0, 4)}00000000`;
  const counties = useQuery({ queryKey: divisionKeys.children(city), queryFn: () => fetchChildren(city), enabled: !ownCounty });
  const open = (v: { county: string; quarter: string }) => navigate(`/reports/quarterly/${ownCounty ?? v.county}/${v.quarter.trim().toUpperCase()}`);
  return (
    <>
      <PageHeader title={t('reports.list.title')} subtitle={t('reports.list.subtitle')} />
      <Card>
        <Form form={form} layout="inline" initialValues={{ quarter: reportingQuarter(chinaToday()) }} onFinish={open} data-testid="report-open-form">
          {!ownCounty && (
            <Form.Item name="county" label={t('reports.list.county')} rules={[{ required: true, message: t('reports.list.county') }]}>
              <Select style={{ width: 160 }} loading={counties.isLoading} options={(counties.data ?? []).map((c) => ({ value: c.code.slice(0, 6), label: c.name }))} data-testid="report-open-county" />
            </Form.Item>
          )}
          <Form.Item name="quarter" label={t('reports.list.quarter')} rules={[{ validator: async (_, v: string) => (isQuarterText(v ?? '') ? undefined : Promise.reject(new Error(t('reports.list.quarterInvalid')))) }]}>
            <Input style={{ width: 120 }} data-testid="report-open-quarter" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" data-testid="report-open">
              {t('reports.list.open')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card style={{ marginTop: 16 }}>
        {q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<ReportListItem>
            size="small"
            loading={q.isLoading}
            rowKey={(r) => `${r.county}/${r.quarter}`}
            dataSource={q.data ?? []}
            locale={{ emptyText: t('reports.list.empty') }}
            data-testid="reports-table"
            scroll={{ x: 600 }}
            columns={[
              { title: t('reports.list.col.quarter'), key: 'q', render: (_, r) => <Link to={`/reports/quarterly/${r.county}/${r.quarter}`} data-testid={`report-link-${r.county}-${r.quarter}`}>{quarterName(r.quarter)}</Link> },
              { title: t('reports.list.col.county'), dataIndex: 'countyName', key: 'c' },
              { title: t('reports.list.col.status'), key: 's', render: (_, r) => <ReportStatusTag status={r.status} /> },
              { title: t('reports.list.col.due'), dataIndex: 'due', key: 'd', responsive: ['md'] },
              { title: t('reports.list.col.submittedAt'), key: 'sa', responsive: ['sm'], render: (_, r) => (
                <Space>
                  {chinaDateTime(r.submittedAt)}
                  {r.late && <Tag color="red">{t('reports.list.col.late')}</Tag>}
                </Space>
              ) },
              { title: t('reports.list.col.receivedAt'), key: 'ra', responsive: ['lg'], render: (_, r) => chinaDateTime(r.receivedAt) },
            ]}
          />
        )}
      </Card>
    </>
  );
}
