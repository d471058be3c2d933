import { Card, Descriptions, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '#contracts/cases.ts';
import { LEVEL_WORDS, type TemporaryAidView } from '#contracts/temporary.ts';
import { yuanText } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { NewEventButton } from './new-event-modal.tsx';

type Stage = TemporaryAidView['stages'][number];
type Decision = TemporaryAidView['collectiveDecisions'][number];

const STAGE_COLORS: Record<Stage['status'], string> = { planned: 'default', paid_first: 'gold', in_batch: 'processing', held: 'warning', paid: 'success', failed: 'error' };

/**
 * 临时救助 The aid of a temporary case: category and event, the need, the level that approves it (分级审批) with the
 * proposed amount and the normal maximum, what was paid first by whom and why, the paperwork's due day, the 一事一议
 * decisions, the stages and any amount owed back. Nothing for the other programs.
 */
export function TemporaryAidCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const a = detail.temporary;
  if (!a) return null;
  const y = (s: string | null) => (s === null ? '—' : `${yuanText(s)} ${t('temporary.yuan')}`);
  const aboveMax = a.proposedYuan !== null && a.maximumYuan !== null && Number(a.proposedYuan) > Number(a.maximumYuan);
  return (
    <Card title={t('temporary.card.title')} extra={<NewEventButton detail={detail} />} className="section-card" data-testid="temporary-aid" data-level={a.approvalLevel ?? ''} data-assisted-first={String(a.assistedFirst)}>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'c', label: t('temporary.card.category'), children: <span data-testid="tmp-card-category">{bilingual(a.categoryLabel)}</span> },
          { key: 'e', label: t('temporary.card.event'), children: `${a.eventDate} · ${a.eventNote}` },
          { key: 'n', label: t('temporary.card.need'), children: <span data-testid="tmp-card-need">{y(a.needYuan)}</span> },
          {
            key: 'l',
            label: t('temporary.card.level'),
            children: <span data-testid="tmp-card-level">{a.approvalLevel ? bilingual(LEVEL_WORDS[a.approvalLevel]) : t('temporary.card.noLevel')}</span>,
          },
          {
            key: 'p',
            label: t('temporary.card.proposed'),
            children: (
              <span data-testid="tmp-card-proposed">
                {y(a.proposedYuan)}
                {aboveMax && (
                  <Tag color="volcano" style={{ marginLeft: 6 }}>
                    {t('temporary.card.aboveMaximum')}
                  </Tag>
                )}
              </span>
            ),
          },
          { key: 'm', label: t('temporary.card.maximum'), children: <span data-testid="tmp-card-maximum">{y(a.maximumYuan)}</span> },
          ...(a.registeredPoor ? [{ key: 'rp', label: t('temporary.card.registeredPoor'), children: <Tag color="blue">{t('temporary.card.registeredPoorYes')}</Tag> }] : []),
          ...(a.assistedFirst
            ? [
                {
                  key: 'pf',
                  label: t('temporary.card.paidFirst'),
                  children: (
                    <span data-testid="tmp-card-paid-first">
                      {t('temporary.card.paidFirstText', { amount: y(a.paidFirstYuan), on: a.paidFirstOn ?? '—', by: a.paidFirstByName ?? '—' })}
                    </span>
                  ),
                },
                { key: 'pr', label: t('temporary.card.paidFirstReason'), children: a.paidFirstReason ?? '—' },
                {
                  key: 'pd',
                  label: t('temporary.card.paperworkDue'),
                  children: (
                    <span data-testid="tmp-card-paperwork" data-overdue={String(a.paperworkOverdue)}>
                      {a.paperworkDoneOn ? t('temporary.card.paperworkDone', { on: a.paperworkDoneOn, due: a.paperworkDue ?? '—' }) : (a.paperworkDue ?? '—')}
                      {a.paperworkOverdue && (
                        <Tag color="error" style={{ marginLeft: 6 }}>
                          {t('temporary.card.overdue')}
                        </Tag>
                      )}
                    </span>
                  ),
                },
              ]
            : []),
          ...(a.approvedYuan !== null ? [{ key: 'ap', label: t('temporary.card.approved'), children: <strong data-testid="tmp-card-approved">{y(a.approvedYuan)}</strong> }] : []),
          ...(a.outcome ? [{ key: 'o', label: t('temporary.card.outcome'), children: t(`temporary.outcome.${a.outcome}`) }] : []),
          ...(Number(a.recoveryYuan) > 0
            ? [{ key: 'r', label: t('temporary.card.recovery'), children: <Typography.Text type="danger" data-testid="tmp-card-recovery">{y(a.recoveryYuan)}</Typography.Text> }]
            : []),
        ]}
      />
      {a.collectiveDecisions.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('temporary.card.decisions')}
          </Typography.Title>
          <Table<Decision>
            rowKey="seq"
            size="small"
            pagination={false}
            scroll={{ x: 480 }}
            dataSource={a.collectiveDecisions}
            data-testid="tmp-card-decisions"
            columns={[
              { title: t('temporary.card.decidedOn'), dataIndex: 'decidedOn', key: 'd' },
              { title: t('temporary.card.quorum'), key: 'q', render: (_, d) => t('temporary.card.quorumText', { members: d.members, present: d.present, inFavour: d.inFavour }) },
              { title: t('temporary.card.decision'), dataIndex: 'decision', key: 'x' },
              { title: t('temporary.card.decisionAmount'), key: 'a', render: (_, d) => y(d.amountYuan) },
              { title: t('temporary.card.recordedBy'), dataIndex: 'recordedByName', key: 'b' },
            ]}
          />
        </>
      )}
      {a.stages.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('temporary.card.stages')}
          </Typography.Title>
          <Table<Stage>
            rowKey="n"
            size="small"
            pagination={false}
            dataSource={a.stages}
            data-testid="tmp-card-stages"
            onRow={(s) => ({ 'data-testid': `tmp-stage-${s.n}`, 'data-status': s.status }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('temporary.card.stageNo'), key: 'n', render: (_, s) => t('temporary.card.stageN', { n: s.n }) },
              { title: t('temporary.card.payOn'), dataIndex: 'payOn', key: 'd' },
              { title: t('temporary.card.amount'), key: 'a', align: 'right', render: (_, s) => y(s.amountYuan) },
              { title: t('temporary.card.status'), key: 's', render: (_, s) => <Tag color={STAGE_COLORS[s.status]}>{t(`temporary.stage.${s.status}`)}</Tag> },
            ]}
          />
        </>
      )}
    </Card>
  );
}
