import { Button, Card, Empty, Popconfirm, Space, Table, type TableProps, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ROLE_LABELS } from '#contracts/roles.ts';
import type { GrantView } from '#contracts/users.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { NoPermission } from '../../../components/no-permission.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useDecideGrant, useGrants } from '../api/grants.ts';
import { chinaDateTime } from '../../../lib/format.ts';

/**
 * 授权确认 Role grants of the administrator's area that wait for a second administrator (ADR 0013): confirm one that
 * another administrator asked for, refuse one, or withdraw one's own. The accounts themselves are on the users page.
 */
export default function GrantsPage() {
  if (!useCan('users.manage')) return <NoPermission />;
  return <Grants />;
}

function Grants() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const user = useUser();
  const q = useGrants();
  const decide = useDecideGrant();
  const columns: TableProps<GrantView>['columns'] = [
    { title: t('users.col.user'), key: 'user', render: (_, g) => (
        <>
          {g.displayName}（<span className="mono" data-code>{g.username}</span>）
        </>
      ) },
    {
      title: t('users.col.role'),
      key: 'role',
      render: (_, g) => (
        <Space size={4} wrap>
          {g.fromRole && <Tag>{bilingual(ROLE_LABELS[g.fromRole])}</Tag>}
          {g.fromRole && '→'}
          <Tag color="orange">{bilingual(ROLE_LABELS[g.role])}</Tag>
        </Space>
      ),
    },
    { title: t('users.col.area'), dataIndex: 'areaCode' },
    { title: t('users.col.kind'), key: 'kind', render: (_, g) => (g.kind === 'create' ? t('users.kind.create') : t('users.kind.change')) },
    { title: t('users.col.requestedBy'), key: 'by', render: (_, g) => (
        <>
          <span className="mono" data-code>{g.requestedBy}</span> · {chinaDateTime(g.requestedAt)}
        </>
      ) },
    {
      title: t('users.col.actions'),
      key: 'actions',
      render: (_, g) => {
        const mine = g.requestedBy === user.username;
        return (
          <Space wrap>
            <Tooltip title={g.canConfirm ? undefined : t('users.cannotConfirm')}>
              <Button type="primary" size="small" disabled={!g.canConfirm} loading={decide.isPending} onClick={() => decide.mutate({ id: g.id, decision: 'confirm' })} data-testid={`grant-confirm-${g.username}`}>
                {t('users.confirm')}
              </Button>
            </Tooltip>
            <Popconfirm title={mine ? t('users.withdrawAsk') : t('users.refuseAsk')} onConfirm={() => decide.mutate({ id: g.id, decision: 'refuse' })} okText={t('common.yes')} cancelText={t('common.no')}>
              <Button size="small" danger data-testid={`grant-refuse-${g.username}`}>
                {mine ? t('users.withdraw') : t('users.refuse')}
              </Button>
            </Popconfirm>
          </Space>
        );
      },
    },
  ];
  return (
    <div data-testid="grants-page">
      <PageHeader title={t('users.grantsTitle')} subtitle={t('users.grantsSubtitle')} extra={<Link to="/users">{t('users.toUsers')}</Link>} />
      {decide.error && isApiRequestError(decide.error) && <p className="step-error" data-testid="grant-error">{bilingual(decide.error.messages)}</p>}
      <Card>
        {q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<GrantView>
            rowKey="id"
            columns={columns}
            dataSource={q.data}
            loading={q.isFetching}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="grants-table"
            locale={{ emptyText: <Empty description={t('users.grantsEmpty')} /> }}
          />
        )}
      </Card>
    </div>
  );
}
