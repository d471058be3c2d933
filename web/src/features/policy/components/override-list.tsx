import { Alert, App, Button, Empty, Form, Input, Modal, Popconfirm, Segmented, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OVERRIDE_STATUSES, type OverrideStatus, type OverrideView } from '#contracts/policy.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { chinaDateTime } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useOverrideAction, useOverrides } from '../api/overrides.ts';

const STATUS_COLOR: Record<OverrideStatus, string> = { pending: 'gold', confirmed: 'green', withdrawn: 'default' };

/**
 * 参数调整申请 Proposed overrides and what became of them (ADR 0017): an administrator sees pending, confirmed and
 * withdrawn proposals and may withdraw one before it takes effect; a city supervisor confirms (never their own).
 */
export function OverrideList() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const [status, setStatus] = useState<OverrideStatus | 'all'>('pending');
  const q = useOverrides(status === 'all' ? undefined : status);
  const act = useOverrideAction();
  const [withdrawing, setWithdrawing] = useState<OverrideView | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const fail = (e: unknown) => void message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));

  const columns: TableProps<OverrideView>['columns'] = [
    {
      title: t('parameters.overrides.col.parameter'),
      key: 'name',
      render: (_, o) => (
        <div>
          <div>{bilingual(o.description)}</div>
          <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
            {o.name}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('parameters.overrides.col.area'), key: 'area', width: 110, render: (_, o) => bilingual(o.area.name) },
    {
      title: t('parameters.overrides.col.value'),
      key: 'value',
      width: 150,
      render: (_, o) => (
        <Space size={4} wrap>
          <strong data-testid={`override-value-${o.id}`}>{o.value === null ? t('parameters.overrides.ended') : bilingual(o.valueText ?? { zh: '', en: '' })}</strong>
          {o.backPay && <Tag color="purple">{t('parameters.overrides.backPay')}</Tag>}
        </Space>
      ),
    },
    { title: t('parameters.overrides.col.effectiveFrom'), dataIndex: 'effectiveFrom', width: 110 },
    {
      title: t('parameters.overrides.col.status'),
      key: 'status',
      width: 90,
      render: (_, o) => (
        <Tag color={STATUS_COLOR[o.status]} data-testid={`override-status-${o.id}`}>
          {t(`parameters.overrides.status.${o.status}`)}
        </Tag>
      ),
    },
    {
      title: t('parameters.overrides.col.history'),
      key: 'history',
      render: (_, o) => (
        <div style={{ fontSize: 12 }} data-testid={`override-history-${o.id}`}>
          <div>{t('parameters.overrides.proposed', { name: o.proposedBy.displayName, at: chinaDateTime(o.proposedAt) })}</div>
          {o.confirmedBy && <div>{t('parameters.overrides.confirmed', { name: o.confirmedBy.displayName, at: chinaDateTime(o.confirmedAt) })}</div>}
          {o.status === 'confirmed' && !o.confirmedBy && <div>{t('parameters.overrides.confirmedBeforeRule')}</div>}
          {o.withdrawnBy && <div>{t('parameters.overrides.withdrawn', { name: o.withdrawnBy.displayName, at: chinaDateTime(o.withdrawnAt), reason: o.withdrawReason ?? '' })}</div>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {o.citation}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('parameters.overrides.col.actions'),
      key: 'actions',
      width: 150,
      render: (_, o) => (
        <Space size={4}>
          {o.can.confirm && (
            <Popconfirm
              title={t('parameters.overrides.confirmTitle')}
              description={t('parameters.overrides.confirmHint')}
              onConfirm={() => act.mutate({ kind: 'confirm', o }, { onSuccess: (r) => void message.success(t('parameters.overrides.confirmDone', { date: r.effectiveFrom })), onError: fail })}
              okButtonProps={{ 'data-testid': 'override-confirm-ok' }}
            >
              <Button size="small" type="primary" loading={act.isPending} data-testid={`override-confirm-${o.id}`}>
                {t('parameters.overrides.confirm')}
              </Button>
            </Popconfirm>
          )}
          {o.can.withdraw && (
            <Button size="small" danger onClick={() => setWithdrawing(o)} data-testid={`override-withdraw-${o.id}`}>
              {t('parameters.overrides.withdraw')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="override-list">
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('parameters.overrides.hint')} />
      <Segmented
        value={status}
        onChange={(v) => setStatus(v as OverrideStatus | 'all')}
        options={[...OVERRIDE_STATUSES, 'all' as const].map((s) => ({ value: s, label: t(`parameters.overrides.status.${s}`) }))}
        style={{ marginBottom: 12 }}
        data-testid="override-status-filter"
      />
      {q.isError ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Table<OverrideView>
          rowKey="id"
          columns={columns}
          dataSource={q.data?.items ?? []}
          loading={q.isFetching}
          pagination={false}
          size="middle"
          scroll={{ x: 960 }}
          data-testid="override-table"
          locale={{ emptyText: <Empty description={t('parameters.overrides.empty')} /> }}
        />
      )}
      {withdrawing && (
        <Modal
          open
          title={t('parameters.overrides.withdrawTitle')}
          onCancel={() => setWithdrawing(null)}
          onOk={() => form.submit()}
          okText={t('parameters.overrides.withdraw')}
          okButtonProps={{ danger: true, 'data-testid': 'override-withdraw-ok' }}
          confirmLoading={act.isPending}
          destroyOnHidden
        >
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) =>
              act.mutate(
                { kind: 'withdraw', o: withdrawing, reason: v.reason },
                {
                  onSuccess: () => {
                    void message.success(t('parameters.overrides.withdrawDone'));
                    setWithdrawing(null);
                  },
                  onError: fail,
                },
              )
            }
          >
            <Form.Item name="reason" label={t('parameters.overrides.withdrawReason')} rules={[{ required: true, whitespace: true, message: t('parameters.form.required') }]}>
              <Input.TextArea rows={3} maxLength={500} data-testid="override-withdraw-reason" />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </div>
  );
}
