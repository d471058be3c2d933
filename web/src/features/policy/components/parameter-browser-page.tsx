import { HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, Segmented, Select, Space, Table, type TableProps, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { ParameterSummary } from '#contracts/policy.ts';
import { chinaDateOf, parsePlainDate } from '#kernel/plain-date.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useParameters } from '../api/list-parameters.ts';
import { OverrideList } from './override-list.tsx';
import { OverrideModal } from './override-modal.tsx';
import { ParameterHistoryDrawer } from './parameter-history-drawer.tsx';
import { ValueTags } from './param-value.tsx';
import { DateField } from '../../../components/date-field.tsx';

const GROUPS = ['all', 'dibao', 'tekun', 'heating', 'temporary', 'exit', 'person', 'plan'] as const;

/**
 * 政策参数 The parameter browser: per programme and county, the value in force on a chosen day, with citations; for
 * administrators, supervisors and auditors a second tab lists proposed overrides (propose, confirm, withdraw: ADR 0017).
 */
export default function ParameterBrowserPage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const user = useUser();
  const canManage = useCan('params.manage');
  const canConfirm = useCan('params.confirm');
  const canAudit = useCan('audit.read');
  const canSeeOverrides = canManage || canConfirm || canAudit;
  const [sp, setSp] = useSearchParams();
  const at = parsePlainDate(sp.get('at') ?? '') ?? chinaDateOf(new Date());
  const group = (GROUPS as readonly string[]).includes(sp.get('group') ?? '') ? (sp.get('group') as (typeof GROUPS)[number]) : 'all';
  const [text, setText] = useState('');
  const [history, setHistory] = useState<string | null>(null);
  const [adding, setAdding] = useState<ParameterSummary | null>(null);
  const q = useParameters(at);
  const counties = q.data?.counties ?? [];
  const own = counties.find((c) => user.areaCode.startsWith(c.code))?.code;
  const county = counties.some((c) => c.code === sp.get('county')) ? (sp.get('county') as string) : (own ?? counties[0]?.code);
  const index = counties.findIndex((c) => c.code === county);

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setSp(next, { replace: true });
  };

  const rows = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return (q.data?.parameters ?? []).filter(
      (p) =>
        (group === 'all' || p.group === group) &&
        (!needle || p.name.toLowerCase().includes(needle) || p.description.zh.includes(needle) || p.description.en.toLowerCase().includes(needle)),
    );
  }, [q.data, group, text]);

  const columns: TableProps<ParameterSummary>['columns'] = [
    {
      title: t('parameters.col.name'),
      key: 'name',
      render: (_, p) => (
        <div>
          <div style={{ fontWeight: 500 }}>{bilingual(p.description)}</div>
          <Typography.Text type="secondary" code style={{ fontSize: 12 }} data-testid="param-name">
            {p.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }} data-testid="param-unit">
            {bilingual(p.unitLabel)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('parameters.col.value'),
      key: 'value',
      width: 260,
      render: (_, p) => {
        const v = p.values[index];
        if (!v) return <Typography.Text type="secondary">{t('parameters.noValue')}</Typography.Text>;
        const differs = new Set(p.values.map((x) => (x ? JSON.stringify(x.value) : '—'))).size > 1;
        return (
          <Space orientation="vertical" size={2}>
            <span className="param-value" data-testid={`param-value-${p.name}`} style={{ fontSize: 15, fontWeight: 600, wordBreak: 'break-word' }}>
              {bilingual(v.valueText)}
            </span>
            <span>
              <ValueTags illustrative={v.illustrative} source={v.source} author={v.author} />
              <Tag>{v.area === county ? t('parameters.countyValue') : t('parameters.cityValue')}</Tag>
              {differs && <Tag color="purple">{t('parameters.differs')}</Tag>}
            </span>
          </Space>
        );
      },
    },
    { title: t('parameters.col.effectiveFrom'), key: 'from', width: 120, render: (_, p) => p.values[index]?.effectiveFrom ?? '—' },
    {
      title: t('parameters.col.citation'),
      key: 'citation',
      render: (_, p) => (
        <Typography.Paragraph style={{ margin: 0, fontSize: 13 }} ellipsis={{ rows: 2, expandable: true, symbol: '…' }}>
          {p.values[index] ? bilingual(p.values[index].citationText) : ''}
        </Typography.Paragraph>
      ),
    },
    {
      title: t('parameters.col.actions'),
      key: 'actions',
      width: canManage ? 190 : 90,
      render: (_, p) => (
        <Space size={4}>
          <Button size="small" type="link" icon={<HistoryOutlined />} onClick={() => setHistory(p.name)} data-testid={`param-history-${p.name}`}>
            {t('parameters.history')}
          </Button>
          {canManage && (
            <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setAdding(p)} data-testid={`param-override-${p.name}`}>
              {t('parameters.addOverride')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const tab = canSeeOverrides && sp.get('tab') === 'overrides' ? 'overrides' : 'parameters';
  const browser = (
    <>
        <div className="filter-bar" style={{ marginBottom: 16, display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
          <Space size={6}>
            <span>{t('parameters.at')}</span>
            <DateField value={at} onChange={(v) => v && parsePlainDate(v) && update({ at: v })} style={{ width: 160 }} data-testid="params-at" />
          </Space>
          <Space size={6}>
            <span>{t('parameters.county')}</span>
            <Select
              value={county}
              onChange={(c: string) => update({ county: c })}
              options={counties.map((c) => ({ value: c.code, label: bilingual(c.name) }))}
              style={{ width: 180 }}
              data-testid="params-county"
            />
          </Space>
          <Input.Search allowClear value={text} onChange={(e) => setText(e.target.value)} placeholder={t('parameters.search')} style={{ width: 260 }} data-testid="params-search" />
        </div>
        <Segmented
          value={group}
          onChange={(g) => update({ group: g === 'all' ? undefined : String(g) })}
          options={GROUPS.map((g) => ({ value: g, label: t(`parameters.groups.${g}`) }))}
          style={{ marginBottom: 16 }}
          data-testid="params-group"
        />
        {q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<ParameterSummary>
            rowKey="name"
            columns={columns}
            dataSource={rows}
            loading={q.isFetching}
            pagination={false}
            size="middle"
            data-testid="params-table"
            locale={{ emptyText: <Empty description={t('parameters.empty')} /> }}
            footer={() => <span data-testid="params-total">{t('parameters.total', { count: rows.length })}</span>}
          />
        )}
    </>
  );

  return (
    <>
      <PageHeader title={t('parameters.title')} subtitle={t('parameters.subtitle')} />
      <Card>
        {canSeeOverrides ? (
          <Tabs
            activeKey={tab}
            onChange={(k) => update({ tab: k === 'overrides' ? 'overrides' : undefined })}
            items={[
              { key: 'parameters', label: <span data-testid="tab-parameters">{t('parameters.tabs.parameters')}</span>, children: browser },
              { key: 'overrides', label: <span data-testid="tab-overrides">{t('parameters.tabs.overrides')}</span>, children: tab === 'overrides' && <OverrideList /> },
            ]}
          />
        ) : (
          browser
        )}
      </Card>
      {history && (
        <ParameterHistoryDrawer
          name={history}
          onClose={() => setHistory(null)}
          onAdd={canManage ? () => setAdding(q.data?.parameters.find((p) => p.name === history) ?? null) : undefined}
        />
      )}
      {adding && q.data && <OverrideModal parameter={adding} list={q.data} defaultArea={county} onClose={() => setAdding(null)} />}
    </>
  );
}
