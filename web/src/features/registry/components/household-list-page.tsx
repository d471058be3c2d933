import { PlusOutlined, SearchOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, Space, Table, type TableProps, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { HouseholdSummary } from '#contracts/registry.ts';
import { AreaCascader } from '../../../components/area-cascader/area-cascader.tsx';
import { ErrorResult } from '../../../components/error-result.tsx';
import { ExportButton } from '../../../components/export-button.tsx';
import { listPagination, usePagedParams } from '../../../components/paged-list.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { useSearchHouseholds } from '../api/search-households.ts';


/** Filters live in the URL, so a search survives a reload, the back button and a shared link. */
function useListParams() {
  return usePagedParams((sp) => ({ q: sp.get('q') ?? undefined, area: sp.get('area') ?? undefined }));
}

export default function HouseholdListPage() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const canWrite = useCan('registry.write');
  const [params, update] = useListParams();
  const [text, setText] = useState(params.q ?? '');
  useEffect(() => setText(params.q ?? ''), [params.q]);
  const q = useSearchHouseholds(params);

  const columns: TableProps<HouseholdSummary>['columns'] = [
    {
      title: t('registry.col.headName'),
      dataIndex: 'headName',
      render: (name: string, r) => (
        <Link to={`/registry/${r.countyCode}/${r.id}`} className="cell-name" data-testid="household-row-name">
          {name}
        </Link>
      ),
    },
    { title: t('registry.col.village'), dataIndex: 'areaName' },
    {
      title: t('registry.col.members'),
      dataIndex: 'memberCount',
      align: 'right',
      width: 90,
      render: (n: number) => t('registry.memberCount', { count: n }),
    },
    { title: t('registry.col.hukou'), dataIndex: 'hukouType', width: 110, render: (h: string) => t(`registry.hukou.${h}`) },
    {
      title: t('registry.col.tags'),
      key: 'tags',
      width: 200,
      render: (_, r) => (
        <>
          {r.registeredPoor && (
            <Tag color="volcano" data-testid="tag-registered-poor">
              {t('registry.tag.registeredPoor')}
            </Tag>
          )}
          {r.synthetic && <Tag data-testid="tag-synthetic">{t('registry.tag.synthetic')}</Tag>}
        </>
      ),
    },
    {
      title: t('registry.col.actions'),
      key: 'actions',
      width: 90,
      render: (_, r) => <Link to={`/registry/${r.countyCode}/${r.id}`}>{t('common.view')}</Link>,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('registry.listTitle')}
        subtitle={
          <>
            {user.areaName} · {t('registry.listSubtitle')}
          </>
        }
        extra={
          <Space wrap>
            <ExportButton kind="households" filters={{ q: params.q, area: params.area }} />
            {canWrite && (
              <Button icon={<UploadOutlined />} onClick={() => navigate('/registry/import')} data-testid="registry-import">
                {t('registryImport.button')}
              </Button>
            )}
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/registry/new')} data-testid="registry-new">
                {t('registry.newHousehold')}
              </Button>
            )}
          </Space>
        }
      />
      <Card>
        <div className="filter-bar" style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => update({ q: v.trim() || undefined, page: 1 })}
            placeholder={t('registry.searchPlaceholder')}
            enterButton={
              <>
                <SearchOutlined /> {t('common.search')}
              </>
            }
            maxLength={50}
            style={{ width: 360 }}
            data-testid="registry-search"
          />
          <AreaCascader
            rootCode={user.areaCode}
            value={params.area}
            onChange={(area) => update({ area, page: 1 })}
            placeholder={t('registry.areaPlaceholder')}
            style={{ width: 300 }}
            data-testid="registry-area"
          />
          {(params.q || params.area) && (
            <Button onClick={() => update({ q: undefined, area: undefined, page: 1 })} data-testid="registry-reset">
              {t('common.reset')}
            </Button>
          )}
        </div>
        {q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<HouseholdSummary>
            rowKey={(r) => `${r.countyCode}/${r.id}`}
            columns={columns}
            dataSource={q.data?.items}
            loading={q.isFetching}
            data-testid="registry-table"
            locale={{
              emptyText: (
                <Empty description={t('registry.emptyTitle')} data-testid="registry-empty">
                  <div className="page-subtitle">{t('registry.emptyHint')}</div>
                </Empty>
              ),
            }}
            pagination={listPagination({
              page: params.page,
              pageSize: params.pageSize,
              total: q.data?.total,
              showTotal: (total) => (
                <span data-testid="registry-total" data-capped={String(Boolean(q.data?.totalCapped))}>
                  {q.data?.totalCapped ? t('registry.totalCapped', { count: total }) : t('registry.total', { count: total })}
                </span>
              ),
              onChange: update,
            })}
          />
        )}
      </Card>
    </>
  );
}
