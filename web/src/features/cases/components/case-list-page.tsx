import { FileTextOutlined, NotificationOutlined } from '@ant-design/icons';
import { Button, Card, Dropdown, Empty, Select, Space, Switch, Table, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CASE_STATE_VALUES, type CaseSummary } from '#contracts/cases.ts';
import { BLANK_FORMS } from '#contracts/documents.ts';
import { blankFormUrl } from '../api/documents.ts';
import { AreaCascader } from '../../../components/area-cascader/area-cascader.tsx';
import { ErrorResult } from '../../../components/error-result.tsx';
import { ExportButton } from '../../../components/export-button.tsx';
import { listPagination, usePagedParams } from '../../../components/paged-list.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useUser } from '../../../lib/auth.tsx';
import { useCases } from '../api/list-cases.ts';
import { DueDate, StateTag } from './case-ui.tsx';
import { NoticesModal } from './notices-modal.tsx';

type State = (typeof CASE_STATE_VALUES)[number];

/** The states a case ends in (workflow FINAL_STATES). */
const FINISHED: ReadonlySet<State> = new Set(['approved', 'refused', 'closed_ineligible', 'withdrawn']);

/** Filters live in the URL (reload, back button, shared link keep them). */
function useListParams() {
  return usePagedParams((sp) => ({
    state: (sp.get('state') as State | null) ?? undefined,
    program: (sp.get('program') as 'dibao' | 'tekun' | null) ?? undefined,
    area: sp.get('area') ?? undefined,
    // Only the overdue open cases (the dashboard's figure links here with `overdue=true`).
    overdue: sp.get('overdue') === 'true' ? 'true' : undefined,
  }));
}

/** 案件办理: the cases of the user's area by state and program, and the public notice list. */
export default function CaseListPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [params, update] = useListParams();
  const [notices, setNotices] = useState(false);
  const q = useCases({ ...params, overdue: params.overdue === 'true' });
  const columns: TableProps<CaseSummary>['columns'] = [
    {
      title: t('cases.col.applicant'),
      dataIndex: 'applicantName',
      render: (n: string, r) => (
        <Link to={`/cases/${r.countyCode}/${r.id}`} className="cell-name" data-testid="case-row-name">
          {n}
        </Link>
      ),
    },
    { title: t('cases.col.area'), dataIndex: 'areaName' },
    { title: t('cases.col.kind'), dataIndex: 'kind', render: (k: CaseSummary['kind']) => t(`cases.kinds.${k}`) },
    { title: t('cases.col.state'), dataIndex: 'state', render: (s: State) => <StateTag state={s} /> },
    { title: t('cases.col.appliedOn'), dataIndex: 'appliedOn', width: 120 },
    { title: t('cases.col.dueDate'), key: 'due', width: 170, render: (_, r) => <DueDate due={r.dueDate} overdue={r.overdue} /> },
  ];
  return (
    <>
      <PageHeader
        title={t('cases.listTitle')}
        subtitle={`${user.areaName} · ${t('cases.listSubtitle')}`}
        extra={
          <Space wrap>
            <ExportButton kind="cases" filters={{ state: params.state, program: params.program, area: params.area, overdue: params.overdue }} />
            <Button icon={<NotificationOutlined />} onClick={() => setNotices(true)} data-testid="notices-open">
              {t('cases.notices.open')}
            </Button>
            <Dropdown
              trigger={['click']}
              menu={{
                items: BLANK_FORMS.map((form) => ({ key: form, label: <span data-testid={`blank-form-${form}`}>{t(`cases.documents.kinds.${form}`)}</span> })),
                onClick: ({ key }) => window.open(blankFormUrl(key as (typeof BLANK_FORMS)[number], 'html'), '_blank', 'noopener'),
              }}
            >
              <Button icon={<FileTextOutlined />} data-testid="blank-forms">
                {t('cases.documents.blankForms')}
              </Button>
            </Dropdown>
          </Space>
        }
      />
      <Card>
        <div className="filter-bar" style={{ marginBottom: 16 }}>
          <Select
            allowClear
            placeholder={t('cases.allStates')}
            value={params.state}
            onChange={(state) => update({ state, page: 1 })}
            // Two groups, every state on screen without scrolling: the finished ones (refused, ended, withdrawn) were
            // below the fold of the default list and staff took them for missing.
            listHeight={480}
            options={[
              { label: t('cases.stateGroups.open'), options: CASE_STATE_VALUES.filter((s) => !FINISHED.has(s)).map((s) => ({ value: s, label: t(`cases.state.${s}`) })) },
              { label: t('cases.stateGroups.finished'), options: CASE_STATE_VALUES.filter((s) => FINISHED.has(s)).map((s) => ({ value: s, label: t(`cases.state.${s}`) })) },
            ]}
            style={{ width: 240 }}
            data-testid="cases-state"
          />
          <Select
            allowClear
            placeholder={t('cases.allPrograms')}
            value={params.program}
            onChange={(program) => update({ program, page: 1 })}
            options={(['dibao', 'tekun'] as const).map((p) => ({ value: p, label: t(`cases.programs.${p}`) }))}
            style={{ width: 140 }}
          />
          <AreaCascader rootCode={user.areaCode} value={params.area} onChange={(area) => update({ area, page: 1 })} placeholder={t('cases.areaPlaceholder')} style={{ width: 300 }} />
          <span>
            <Switch checked={params.overdue === 'true'} onChange={(v) => update({ overdue: v ? 'true' : undefined, page: 1 })} data-testid="cases-overdue" /> {t('worklist.overdueOnly')}
          </span>
        </div>
        {q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<CaseSummary>
            rowKey={(r) => `${r.countyCode}/${r.id}`}
            columns={columns}
            dataSource={q.data?.items}
            loading={q.isFetching}
            data-testid="cases-table"
            locale={{ emptyText: <Empty description={t('cases.empty')} /> }}
            pagination={listPagination({
              page: params.page,
              pageSize: params.pageSize,
              total: q.data?.total,
              showTotal: (total) => (
                <span data-testid="cases-total" data-capped={String(Boolean(q.data?.totalCapped))}>
                  {q.data?.totalCapped ? t('cases.totalCapped', { count: total }) : t('cases.total', { count: total })}
                </span>
              ),
              onChange: update,
            })}
          />
        )}
      </Card>
      <NoticesModal area={params.area} open={notices} onClose={() => setNotices(false)} />
    </>
  );
}
