import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, Progress, Select, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type FindingView, FINDING_STATUSES, RULE_CODES } from '#contracts/supervision.ts';
import { divisionKeys, fetchDivision } from '../../../components/area-cascader/divisions-api.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useCan } from '../../../lib/auth.tsx';
import { chinaDateTime } from '../../../lib/format.ts';
import { type FindingFilters, useFindings, useRun, useStartRun } from '../api/findings.ts';
import { factRows, runPercent } from './findings-model.ts';

const STATUS_COLOR = { open: 'red', answered: 'gold', closed: 'green' } as const;

/**
 * 问题线索: the findings of the user's area (a township its own), filtered by rule and status, each with what was seen
 * and why it matters; users who may run the rules (city supervisor, county administrator) start a run here and follow
 * its progress. Phone width: the facts stack, secondary columns hide.
 */
export default function FindingsPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<FindingFilters>({});
  const q = useFindings(filters);
  const mayRun = useCan('supervision.run');
  const start = useStartRun();
  const [runId, setRunId] = useState<string | null>(null);
  const run = useRun(runId);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const total = q.data?.pages[0]?.total ?? 0;
  const r = run.data;
  const newFindings = r?.result?.rules.reduce((n, x) => n + x.counts.new, 0) ?? 0;

  const columns: TableProps<FindingView>['columns'] = [
    {
      title: t('findings.col.rule'),
      key: 'rule',
      render: (_, f) => (
        <Space direction="vertical" size={2}>
          <Link to={`/findings/${f.county}/${f.id}`} data-testid={`finding-rule-${f.id}`}>
            <Typography.Text strong>{t(`findings.rule.${f.rule}`)}</Typography.Text>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <AreaName code={f.village ?? f.township ?? f.area} />
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('findings.col.facts'),
      key: 'facts',
      render: (_, f) => (
        <Descriptions size="small" column={1} colon>
          {factRows(f.facts, (k) => (t(`findings.fact.${k}`, { defaultValue: '' }) || null), (v) => t(v ? 'findings.yes' : 'findings.no')).map((row) => (
            <Descriptions.Item key={row.key} label={row.label}>
              {row.value}
            </Descriptions.Item>
          ))}
        </Descriptions>
      ),
    },
    {
      title: t('findings.col.status'),
      key: 'status',
      render: (_, f) => (
        <Space wrap size={4}>
          <Tag color={STATUS_COLOR[f.status]} data-testid={`finding-status-${f.id}`}>
            {t(`findings.status.${f.status}`)}
          </Tag>
          {f.overdue && <Tag color="volcano">{t('findings.overdue')}</Tag>}
          {!f.seenInLastRun && f.status !== 'closed' && <Tag>{t('findings.notSeen')}</Tag>}
          {f.reopenedCount > 0 && <Tag color="purple">{t('findings.reopened', { n: f.reopenedCount })}</Tag>}
        </Space>
      ),
    },
    { title: t('findings.col.due'), key: 'due', dataIndex: 'dueOn', responsive: ['sm'] },
    { title: t('findings.col.found'), key: 'found', responsive: ['md'], render: (_, f) => chinaDateTime(f.firstFoundAt) },
  ];

  return (
    <>
      <PageHeader title={t('findings.title')} subtitle={t('findings.subtitle')} />
      <Card>
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Space wrap>
            <Select
              style={{ minWidth: 220 }}
              value={filters.rule ?? ''}
              onChange={(v) => setFilters((f) => ({ ...f, rule: v || undefined }))}
              options={[{ value: '', label: t('findings.allRules') }, ...RULE_CODES.map((c) => ({ value: c, label: t(`findings.rule.${c}`) }))]}
              aria-label={t('findings.ruleFilter')}
              data-testid="findings-rule"
            />
            <Select
              style={{ minWidth: 120 }}
              value={filters.status ?? ''}
              onChange={(v) => setFilters((f) => ({ ...f, status: v || undefined }))}
              options={[{ value: '', label: t('findings.allStatuses') }, ...FINDING_STATUSES.map((s) => ({ value: s, label: t(`findings.status.${s}`) }))]}
              aria-label={t('findings.statusFilter')}
              data-testid="findings-status"
            />
            {mayRun && (
              <Button
                type="primary"
                loading={start.isPending || r?.status === 'running'}
                onClick={() => start.mutate({}, { onSuccess: (v) => setRunId(v.id) })}
                data-testid="findings-run"
              >
                {t('findings.run')}
              </Button>
            )}
          </Space>
          {start.isError && <ErrorResult error={start.error} />}
          {r && (
            <div data-testid="findings-run-progress">
              {r.status === 'running' && (
                <>
                  <Typography.Text>{t('findings.running')}</Typography.Text>
                  <Progress percent={runPercent(r)} />
                </>
              )}
              {r.status === 'done' && <Alert type="success" showIcon message={`${t('findings.runDone')} · ${t('findings.newCount', { n: newFindings })}`} />}
              {r.status === 'failed' && <Alert type="error" showIcon message={t('findings.runFailed')} description={r.error?.message.zh} />}
              {r.status === 'interrupted' && <Alert type="warning" showIcon message={t('findings.runInterrupted')} />}
            </div>
          )}
          {q.isError ? (
            <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
          ) : (
            <>
              <Typography.Text type="secondary" data-testid="findings-total">
                {t('findings.total', { n: total })}
              </Typography.Text>
              <Table<FindingView>
                rowKey={(f) => `${f.county}/${f.id}`}
                size="middle"
                columns={columns}
                dataSource={items}
                loading={q.isFetching && items.length === 0}
                pagination={false}
                scroll={{ x: 320 }}
                data-testid="findings-table"
                locale={{ emptyText: <Empty description={t('findings.empty')} /> }}
              />
              {q.hasNextPage && (
                <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} data-testid="findings-more">
                  {t('findings.more')}
                </Button>
              )}
            </>
          )}
        </Space>
      </Card>
    </>
  );
}

/** A division's name from its code (reference data, cached for the session; the code while it loads). */
function AreaName({ code }: { code: string }) {
  const q = useQuery({ queryKey: divisionKeys.detail(code), queryFn: () => fetchDivision(code), staleTime: 60 * 60_000 });
  return <span title={code}>{q.data?.name ?? ''}</span>;
}
