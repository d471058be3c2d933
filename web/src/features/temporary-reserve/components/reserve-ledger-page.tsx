import { App, Button, Card, Empty, Form, Grid, Input, List, Modal, Space, Statistic, Table, type TableProps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ReserveEntryView, ReserveSummary } from '#contracts/temporary-reserve.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { chinaDateTime } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useReserveLedger, useTopUp } from '../api/reserves.ts';
import { kindColor, signedYuan, topUpAmountOk, yuan } from './reserve-model.ts';

function TopUpModal({ reserve, onClose }: { reserve: ReserveSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const topUp = useTopUp(reserve.townshipCode);
  const [form] = Form.useForm<{ amount: string; note?: string }>();
  const submit = async () => {
    // A refused field shows its message on the form; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      const r = await topUp.mutateAsync({ amount: v.amount.trim(), ...(v.note ? { note: v.note } : {}) });
      message.success(t('temporaryReserve.topUp.done', { amount: yuan(r.entry.amountFen), balance: yuan(r.reserve.balanceFen) }));
      onClose();
    } catch (e) {
      message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
    }
  };
  return (
    <Modal
      open
      title={t('temporaryReserve.topUp.title', { township: reserve.townshipName })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('temporaryReserve.topUp.submit')}
      confirmLoading={topUp.isPending}
      okButtonProps={{ 'data-testid': 'reserve-top-up-submit' } as Record<string, string>}
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="amount"
          label={t('temporaryReserve.topUp.amount')}
          extra={t('temporaryReserve.topUp.amountHelp')}
          rules={[{ required: true, validator: (_, v) => (topUpAmountOk(v) ? Promise.resolve() : Promise.reject(new Error(t('temporaryReserve.topUp.amountHelp')))) }]}
        >
          <Input inputMode="decimal" maxLength={12} data-testid="reserve-top-up-amount" />
        </Form.Item>
        <Form.Item name="note" label={t('temporaryReserve.topUp.note')}>
          <Input maxLength={200} data-testid="reserve-top-up-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 备用金台账: a township's balance and its movements, newest first; the county approver tops it up from here. */
export default function ReserveLedgerPage() {
  const { t } = useTranslation();
  const { township = '' } = useParams();
  const q = useReserveLedger(township);
  const [topping, setTopping] = useState(false);
  // On a phone the ledger is a list, each movement's amount in view; a table from md up.
  const wide = Grid.useBreakpoint().md === true;
  const first = q.data?.pages[0];
  const entries = q.data?.pages.flatMap((p) => p.entries) ?? [];
  const columns: TableProps<ReserveEntryView>['columns'] = [
    { title: t('temporaryReserve.col.at'), key: 'at', width: 150, render: (_, e) => chinaDateTime(e.at) },
    { title: t('temporaryReserve.col.kind'), key: 'kind', width: 110, render: (_, e) => <Tag color={kindColor(e.kind)}>{t(`temporaryReserve.kind.${e.kind}`)}</Tag> },
    {
      title: t('temporaryReserve.col.amount'),
      key: 'amount',
      align: 'right',
      width: 120,
      render: (_, e) => (
        <span data-testid={`reserve-entry-amount-${e.seq}`} data-fen={e.amountFen}>
          {signedYuan(e.amountFen)}
        </span>
      ),
    },
    { title: t('temporaryReserve.col.balanceAfter'), key: 'after', align: 'right', width: 130, render: (_, e) => yuan(e.balanceAfterFen) },
    { title: t('temporaryReserve.col.payee'), key: 'payee', responsive: ['md'], render: (_, e) => (e.case ? <Link to={`/cases/${e.case.countyCode}/${e.case.id}`}>{e.payeeName ?? '—'}</Link> : (e.payeeName ?? '—')) },
    { title: t('temporaryReserve.col.note'), dataIndex: 'note', responsive: ['md'] },
    { title: t('temporaryReserve.col.actor'), dataIndex: 'actorName', responsive: ['lg'] },
  ];
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <>
      <PageHeader
        breadcrumb={<Link to="/temporary/reserves">{t('temporaryReserve.back')}</Link>}
        title={first ? first.reserve.townshipName : t('temporaryReserve.nav')}
        subtitle={t('temporaryReserve.nav')}
        extra={
          first?.reserve.can.topUp ? (
            <Button type="primary" onClick={() => setTopping(true)} data-testid="reserve-top-up">
              {t('temporaryReserve.topUp.button')}
            </Button>
          ) : undefined
        }
      />
      <Card loading={!first}>
        {first && (
          <Space size="large" wrap style={{ marginBottom: 16 }}>
            <Statistic title={t('temporaryReserve.balance')} value={yuan(first.reserve.balanceFen)} suffix="元" valueRender={(node) => <span data-testid="reserve-balance" data-fen={first.reserve.balanceFen}>{node}</span>} />
            <Statistic title={t('temporaryReserve.updatedAt')} value={chinaDateTime(first.reserve.updatedAt)} />
          </Space>
        )}
        {wide ? (
          <Table<ReserveEntryView>
            rowKey="seq"
            size="small"
            columns={columns}
            dataSource={entries}
            loading={q.isFetching}
            pagination={false}
            scroll={{ x: 520 }}
            data-testid="reserve-ledger"
            locale={{ emptyText: <Empty description={t('temporaryReserve.noEntries')} /> }}
          />
        ) : (
          <List<ReserveEntryView>
            dataSource={entries}
            loading={q.isFetching}
            data-testid="reserve-ledger"
            locale={{ emptyText: <Empty description={t('temporaryReserve.noEntries')} /> }}
            renderItem={(e) => (
              <List.Item key={e.seq}>
                <div style={{ width: '100%' }}>
                  <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                    <Tag color={kindColor(e.kind)}>{t(`temporaryReserve.kind.${e.kind}`)}</Tag>
                    <Typography.Text strong data-testid={`reserve-entry-amount-${e.seq}`} data-fen={e.amountFen}>
                      {signedYuan(e.amountFen)}
                    </Typography.Text>
                  </Space>
                  <Typography.Text type="secondary" style={{ display: 'block' }}>
                    {chinaDateTime(e.at)} · {t('temporaryReserve.col.balanceAfter')} {yuan(e.balanceAfterFen)}
                  </Typography.Text>
                  {(e.payeeName || e.note) && <Typography.Text style={{ display: 'block' }}>{[e.payeeName, e.note].filter(Boolean).join(' · ')}</Typography.Text>}
                </div>
              </List.Item>
            )}
          />
        )}
        {q.hasNextPage && (
          <Button style={{ marginTop: 12 }} onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} data-testid="reserve-more">
            {t('temporaryReserve.more')}
          </Button>
        )}
      </Card>
      {topping && first && <TopUpModal reserve={first.reserve} onClose={() => setTopping(false)} />}
    </>
  );
}
