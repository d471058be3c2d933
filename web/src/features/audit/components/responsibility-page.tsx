import { Alert, Card, Descriptions, Empty, Grid, List, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { ResponsibilityItem } from '#contracts/audit.ts';
import { ROLE_LABELS, type Role } from '#contracts/roles.ts';
import { formatYuanGrouped } from '#kernel/money.ts';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useResponsibility } from '../api/audit.ts';

/** An instant in China's time, as every screen shows it (the browser may run elsewhere). */
const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** 案件责任链 Who accepted, investigated, reviewed, approved and paid a case, in time order, each with its audit event (ADR 0047). */
export default function ResponsibilityPage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { county = '', id = '' } = useParams();
  const q = useResponsibility(county, id);
  const wide = Grid.useBreakpoint().md ?? true;
  const c = q.data;
  const roleOf = (r: string | null) => (r && ROLE_LABELS[r as Role] ? bilingual(ROLE_LABELS[r as Role]) : (r ?? ''));
  const detailOf = (i: ResponsibilityItem) => {
    const d = i.detail as Record<string, string | number | null | undefined>;
    const parts: string[] = [];
    if (typeof d.month === 'string') parts.push(t('audit.chain.month', { month: d.month }));
    if (typeof d.amountFen === 'number') parts.push(t('audit.chain.amount', { amount: formatYuanGrouped(d.amountFen) }));
    if (typeof d.monthlyAmountFen === 'number') parts.push(t('audit.chain.amount', { amount: formatYuanGrouped(d.monthlyAmountFen) }));
    if (d.bankStatus === 'paid' || d.bankStatus === 'failed') parts.push(t(`audit.chain.bank.${d.bankStatus}`));
    if (typeof d.outcome === 'string') parts.push(d.outcome === 'approved' ? t('cases.step.approve') : t('cases.step.refuse'));
    return parts.join(' · ');
  };
  const stageTag = (i: ResponsibilityItem) => (
    <Tag data-testid="chain-stage" data-stage={i.stage}>
      {i.stage === 'other' && i.entityType === 'case' ? t(`cases.step.${i.step}`, { defaultValue: t('audit.chain.stage.other') }) : t(`audit.chain.stage.${i.stage}`)}
    </Tag>
  );
  return (
    <>
      <PageHeader title={t('audit.chain.title')} subtitle={`${county}/${id}`} />
      {q.error ? (
        <Alert type="error" showIcon title={isApiRequestError(q.error) ? bilingual(q.error.messages) : String(q.error)} />
      ) : (
        <Card className="section-card" loading={!c}>
          {c && (
            <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 12 }}>
              <Descriptions.Item label={t('audit.chain.kind')}>{t(`cases.kinds.${c.kind}`)}</Descriptions.Item>
              <Descriptions.Item label={t('audit.chain.state')}>{t(`cases.state.${c.state}`, { defaultValue: c.state })}</Descriptions.Item>
            </Descriptions>
          )}
          {!wide && c && (
            // At phone width: one line per stage — when, what, who and in what role.
            <List
              size="small"
              dataSource={c.items}
              locale={{ emptyText: <Empty description={t('audit.chain.empty')} /> }}
              renderItem={(i) => (
                <List.Item>
                  <div>
                    <Typography.Text type="secondary">{time(i.at)}</Typography.Text>
                    <div>
                      {stageTag(i)} <span data-testid={`chain-actor-${i.stage}`}>{i.actorName}</span>
                      <Typography.Text type="secondary">（{roleOf(i.actorRole)}）</Typography.Text>
                    </div>
                    {detailOf(i) && <div>{detailOf(i)}</div>}
                  </div>
                </List.Item>
              )}
              data-testid="chain-list"
            />
          )}
          {wide && (
          <Table<ResponsibilityItem>
            size="small"
            rowKey={(i) => `${i.at}:${i.step}:${i.entityId}`}
            dataSource={c?.items ?? []}
            pagination={false}
            scroll={{ x: 720 }}
            locale={{ emptyText: <Empty description={t('audit.chain.empty')} /> }}
            columns={[
              { title: t('audit.chain.col.at'), key: 'at', width: 170, render: (_, i) => time(i.at) },
              { title: t('audit.chain.col.stage'), key: 'stage', render: (_, i) => stageTag(i),
              },
              { title: t('audit.chain.col.actor'), dataIndex: 'actorName', render: (v: string, i) => <span data-testid={`chain-actor-${i.stage}`}>{v}</span> },
              { title: t('audit.chain.col.role'), key: 'role', render: (_, i) => roleOf(i.actorRole) },
              { title: t('audit.chain.col.detail'), key: 'detail', responsive: ['md'], render: (_, i) => detailOf(i) },
              { title: t('audit.chain.col.event'), key: 'event', responsive: ['lg'], render: (_, i) => (i.event ? `${i.event.chain}/${i.event.seq}` : '') },
            ]}
            data-testid="chain-table"
          />
          )}
        </Card>
      )}
    </>
  );
}
