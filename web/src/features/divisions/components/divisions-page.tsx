import { Alert, Card, Empty, Input, Table, type TableProps, Tag, Tree, type TreeDataNode } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DivisionView } from '#contracts/session.ts';
import { divisionKeys, fetchChildren, fetchDivision } from '../../../components/area-cascader/divisions-api.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useUser } from '../../../lib/auth.tsx';
import { type FoundDivision, useDivisionSearch } from '../api/divisions.ts';

const STALE = 60 * 60_000;
const SEARCH_LIMIT = 50;

const nodeTitle = (d: DivisionView) => (
  <span data-testid={`division-${d.code}`}>
    {d.name} <span className="mono derived-hint">{d.code}</span>
  </span>
);

/**
 * 行政区划 A read-only browser of the division tree under the user's area (county → township → village, with codes),
 * one level loaded at a time, and a search by name or code. Divisions are loaded by the operator (`doudi admin
 * load-divisions`); this page changes nothing.
 */
export default function DivisionsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [children, setChildren] = useState<Record<string, DivisionView[]>>({});
  const root = useQuery({ queryKey: divisionKeys.detail(user.areaCode), queryFn: () => fetchDivision(user.areaCode), staleTime: STALE });
  const rootChildren = useQuery({ queryKey: divisionKeys.children(user.areaCode), queryFn: () => fetchChildren(user.areaCode), staleTime: STALE });
  const search = useDivisionSearch(q);

  const load = useCallback(
    async (code: string) => {
      const list = await qc.fetchQuery({ queryKey: divisionKeys.children(code), queryFn: () => fetchChildren(code), staleTime: STALE });
      setChildren((prev) => ({ ...prev, [code]: list }));
    },
    [qc],
  );

  const build = (list: readonly DivisionView[]): TreeDataNode[] =>
    list.map((d) => ({ key: d.code, title: nodeTitle(d), isLeaf: d.level === 'village', children: children[d.code] ? build(children[d.code]!) : undefined }));

  const columns: TableProps<FoundDivision>['columns'] = [
    { title: t('divisions.col.name'), dataIndex: 'name' },
    { title: t('divisions.col.code'), dataIndex: 'code', render: (v: string) => <span className="mono">{v}</span> },
    { title: t('divisions.col.level'), dataIndex: 'level', render: (v: DivisionView['level']) => <Tag>{t(`divisions.level.${v}`)}</Tag> },
    { title: t('divisions.col.parent'), key: 'parent', render: (_, d) => (d.parentName ? `${d.parentName}（${d.parentCode}）` : '—') },
  ];

  return (
    <div data-testid="divisions-page">
      <PageHeader title={t('divisions.title')} subtitle={t('divisions.subtitle')} />
      <Card style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          enterButton={t('common.search')}
          placeholder={t('divisions.searchPlaceholder')}
          maxLength={30}
          onSearch={(v) => setQ(v.trim())}
          onChange={(e) => e.target.value === '' && setQ('')}
          style={{ maxWidth: 420 }}
          data-testid="divisions-search"
        />
        {q !== '' && (
          <div style={{ marginTop: 16 }}>
            {search.isError ? (
              <ErrorResult error={search.error} onRetry={() => void search.refetch()} />
            ) : (
              <>
                {search.data?.length === SEARCH_LIMIT && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('divisions.limited', { count: SEARCH_LIMIT })} />}
                <Table<FoundDivision>
                  rowKey="code"
                  size="small"
                  columns={columns}
                  dataSource={search.data}
                  loading={search.isFetching}
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  data-testid="divisions-results"
                  locale={{ emptyText: <Empty description={t('divisions.noMatch')} /> }}
                />
              </>
            )}
          </div>
        )}
      </Card>
      <Card title={root.data ? nodeTitle(root.data) : undefined}>
        {rootChildren.isError ? (
          <ErrorResult error={rootChildren.error} onRetry={() => void rootChildren.refetch()} />
        ) : (
          <div className="division-tree">
            <Tree
              showLine
              data-testid="divisions-tree"
              treeData={build(rootChildren.data ?? [])}
              loadData={(node) => load(String(node.key))}
              onExpand={(keys) => {
                for (const k of keys) if (!children[String(k)]) void load(String(k));
              }}
            />
            {rootChildren.data?.length === 0 && <Empty description={t('divisions.none')} />}
          </div>
        )}
      </Card>
    </div>
  );
}
