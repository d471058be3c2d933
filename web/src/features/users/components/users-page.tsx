import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Input, Popconfirm, Select, Space, Table, type TableProps, Tag } from 'antd';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ROLE_LABELS, ROLES, type Role } from '#contracts/roles.ts';
import type { UserView } from '#contracts/users.ts';
import { AreaCascader } from '../../../components/area-cascader/area-cascader.tsx';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useUser } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useRevokeSessions, useSetActive, useUsers } from '../api/users.ts';
import { CreateUserModal, type Outcome, PasswordModal, RoleModal } from './user-modals.tsx';
import { filterUsers, type UserFilter } from './users-model.ts';

/**
 * 用户管理 The accounts of the administrator's area (issue 11 point 11): find them, add one, change a role (a role that
 * decides or manages users waits for a second administrator on the grants page, ADR 0013), deactivate or reactivate,
 * set a password the user changes at the next login, end every session. The menu's guard lets only `users.manage` in.
 */
export default function UsersPage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const me = useUser();
  const { message } = App.useApp();
  const q = useUsers();
  const setActive = useSetActive();
  const revoke = useRevokeSessions();
  const [filter, setFilter] = useState<UserFilter>({});
  const [creating, setCreating] = useState(false);
  const [roleOf, setRoleOf] = useState<UserView | null>(null);
  const [passwordOf, setPasswordOf] = useState<UserView | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const actionError = setActive.error ?? revoke.error;

  const done = (o: Outcome) => {
    setCreating(false);
    setRoleOf(null);
    setOutcome(o);
  };

  const columns: TableProps<UserView>['columns'] = [
    { title: t('users.col.username'), dataIndex: 'username', render: (v: string) => (
        // A login name is an identifier shown as it is (data-code: not a label to translate).
        <span className="mono" data-code>
          {v}
        </span>
      ) },
    { title: t('users.col.displayName'), dataIndex: 'displayName' },
    { title: t('users.col.role'), key: 'role', render: (_, u) => <Tag color={u.roleConfirmed ? 'blue' : 'orange'}>{bilingual(ROLE_LABELS[u.role])}</Tag> },
    { title: t('users.col.area'), dataIndex: 'areaCode', render: (v: string) => <span className="mono">{v}</span> },
    {
      title: t('users.col.status'),
      key: 'status',
      render: (_, u) => (
        <Space size={4} wrap data-testid={`user-status-${u.username}`}>
          {u.active ? <Tag color="green">{t('users.status.active')}</Tag> : <Tag>{t('users.status.inactive')}</Tag>}
          {!u.roleConfirmed && <Tag color="orange">{t('users.status.pending')}</Tag>}
          {u.locked && <Tag color="red">{t('users.status.locked')}</Tag>}
          {u.mustChangePassword && <Tag color="gold">{t('users.status.mustChange')}</Tag>}
          {u.secondFactor && <Tag color="cyan">{t('users.status.secondFactor')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('users.col.actions'),
      key: 'actions',
      render: (_, u) =>
        u.id === me.id ? (
          <span className="derived-hint">{t('users.self')}</span>
        ) : (
          <Space wrap size={4}>
            <Button size="small" onClick={() => setRoleOf(u)} data-testid={`user-role-${u.username}`}>
              {t('users.action.role')}
            </Button>
            <Popconfirm
              title={u.active ? t('users.action.deactivateAsk') : t('users.action.activateAsk')}
              onConfirm={() =>
                setActive.mutate({ id: u.id, active: !u.active }, { onSuccess: () => void message.success(u.active ? t('users.action.deactivated') : t('users.action.activated')) })
              }
              okText={t('common.yes')}
              cancelText={t('common.no')}
              okButtonProps={{ 'data-testid': 'popconfirm-ok' }}
            >
              <Button size="small" danger={u.active} data-testid={`user-${u.active ? 'deactivate' : 'activate'}-${u.username}`}>
                {u.active ? t('users.action.deactivate') : t('users.action.activate')}
              </Button>
            </Popconfirm>
            <Button size="small" onClick={() => setPasswordOf(u)} data-testid={`user-reset-${u.username}`}>
              {t('users.action.reset')}
            </Button>
            <Popconfirm
              title={t('users.action.revokeAsk')}
              onConfirm={() => revoke.mutate({ id: u.id }, { onSuccess: (r) => void message.success(t('users.action.revoked', { count: r.ended })) })}
              okText={t('common.yes')}
              cancelText={t('common.no')}
              okButtonProps={{ 'data-testid': 'popconfirm-ok' }}
            >
              <Button size="small" data-testid={`user-revoke-${u.username}`}>
                {t('users.action.revoke')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  const rows = q.data ? filterUsers(q.data, filter) : undefined;
  return (
    <div data-testid="users-page">
      <PageHeader
        title={t('users.listTitle')}
        subtitle={`${me.areaName} · ${t('users.listSubtitle')}`}
        extra={
          <Space wrap>
            <Link to="/users/grants" data-testid="users-grants-link">
              {t('users.toGrants')}
            </Link>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-create">
              {t('users.create.open')}
            </Button>
          </Space>
        }
      />
      {outcome && (
        <Alert
          type={outcome.pending ? 'warning' : 'success'}
          showIcon
          closable={{ onClose: () => setOutcome(null) }}
          style={{ marginBottom: 16 }}
          data-testid="user-outcome"
          title={<Trans i18nKey={`users.outcome.${outcome.kind}${outcome.pending ? 'Pending' : ''}`} values={{ user: outcome.username }} components={[<span key="u" className="mono" data-code />]} />}
          description={outcome.pending ? <Link to="/users/grants">{t('users.toGrants')}</Link> : undefined}
        />
      )}
      {actionError && isApiRequestError(actionError) && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={bilingual(actionError.messages)} data-testid="user-action-error" />}
      <Card>
        <div className="filter-bar" style={{ marginBottom: 16 }}>
          <Input.Search allowClear placeholder={t('users.filter.text')} onSearch={(text) => setFilter((f) => ({ ...f, text }))} onChange={(e) => e.target.value === '' && setFilter((f) => ({ ...f, text: '' }))} style={{ width: 220, maxWidth: '100%' }} data-testid="users-search" />
          <Select<Role>
            allowClear
            placeholder={t('users.filter.role')}
            value={filter.role}
            onChange={(role) => setFilter((f) => ({ ...f, role }))}
            options={ROLES.map((r) => ({ value: r, label: bilingual(ROLE_LABELS[r]) }))}
            style={{ width: 180, maxWidth: '100%' }}
            data-testid="users-role"
          />
          <AreaCascader rootCode={me.areaCode} value={filter.area} onChange={(area) => setFilter((f) => ({ ...f, area }))} placeholder={t('users.filter.area')} style={{ width: 260, maxWidth: '100%' }} data-testid="users-area" />
          <Select<'active' | 'inactive'>
            allowClear
            placeholder={t('users.filter.active')}
            value={filter.active}
            onChange={(active) => setFilter((f) => ({ ...f, active }))}
            options={[
              { value: 'active', label: t('users.status.active') },
              { value: 'inactive', label: t('users.status.inactive') },
            ]}
            style={{ width: 140, maxWidth: '100%' }}
            data-testid="users-active"
          />
        </div>
        {q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<UserView>
            rowKey="id"
            columns={columns}
            dataSource={rows}
            loading={q.isFetching}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            data-testid="users-table"
            onRow={(u) => ({ 'data-testid': `user-row-${u.username}` }) as React.HTMLAttributes<HTMLTableRowElement>}
            locale={{ emptyText: <Empty description={t('users.empty')} /> }}
          />
        )}
      </Card>
      <CreateUserModal open={creating} onClose={() => setCreating(false)} onDone={done} />
      <RoleModal user={roleOf} onClose={() => setRoleOf(null)} onDone={done} />
      <PasswordModal
        user={passwordOf}
        onClose={() => setPasswordOf(null)}
        onDone={() => {
          setPasswordOf(null);
          void message.success(t('users.reset.done'));
        }}
      />
    </div>
  );
}
