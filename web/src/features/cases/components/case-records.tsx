import { Card, Descriptions, Empty, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '#contracts/cases.ts';
import { chinaDateTime } from '../../../lib/format.ts';

/** 调查与评议记录: what each step recorded, newest last, so a reviewer sees the file without opening papers. */
export function CaseRecords({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const r = detail.records;
  const level = (l: string) => t(`cases.records.${l === 'township' ? 'township' : l === 'county' ? 'county' : 'village'}`);
  const empty = r.missing.length + r.investigations.length + r.deliberations.length + r.opinions.length + r.notices.length + r.spotVisits.length === 0;
  return (
    <Card title={t('cases.records.title')} className="section-card" data-testid="case-records">
      {empty && <Empty description={t('cases.timeline.empty')} />}
      {r.missing.map((m) => (
        <Descriptions key={m.requestedOn} size="small" title={t('cases.records.missing')} column={1} items={[{ key: 'd', label: m.requestedOn, children: m.items.join('、') }]} />
      ))}
      {r.investigations.map((i) => (
        <Descriptions
          key={i.id}
          size="small"
          title={`${t('cases.records.investigation')} · ${i.investigatedOn}`}
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'who', label: t('cases.records.investigators'), children: i.investigators.join('、') },
            { key: 'home', label: t('cases.records.homeVisit'), children: i.homeVisitOn ?? '—' },
            { key: 'nb', label: t('cases.form.neighbourVisits'), children: t('cases.records.neighbours', { n: i.neighbourVisits }) },
            { key: 'ev', label: t('cases.records.evidence'), children: i.writtenEvidence.join('、') || '—' },
            {
              key: 'dc',
              label: t('cases.records.dataCheck'),
              children: (
                <>
                  <Tag color={i.dataCheck.result === 'eligible' ? 'success' : 'error'}>{i.dataCheck.result === 'eligible' ? t('cases.form.dataCheckEligible') : t('cases.form.dataCheckIneligible')}</Tag>
                  {i.dataCheck.checkedOn} {i.dataCheck.reasons.join('；')}
                </>
              ),
            },
            { key: 'f', label: t('cases.form.findings'), children: i.findings || '—' },
            // 离线入户 (ADR 0051): a visit recorded on a phone shows when it was recorded in the home and when it arrived.
            ...(i.recordedAt
              ? [
                  { key: 'rec', label: t('cases.records.recordedAt'), children: <span data-testid="investigation-recorded-at">{chinaDateTime(i.recordedAt)}</span> },
                  { key: 'arr', label: t('cases.records.receivedAt'), children: <span data-testid="investigation-received-at">{chinaDateTime(i.receivedAt)}</span> },
                ]
              : []),
          ]}
        />
      ))}
      {r.deliberations.map((d) => (
        <Descriptions
          key={d.id}
          size="small"
          title={`${t('cases.records.deliberation')} · ${d.heldOn}`}
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'r', label: t('cases.form.participants'), children: t('cases.records.representatives', { reps: d.representatives, total: d.total }) },
            { key: 'c', label: t('cases.form.conclusion'), children: `${d.conclusion === 'agree' ? t('cases.form.agree') : t('cases.form.disagree')} ${d.conclusionText}` },
          ]}
        />
      ))}
      {r.opinions.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('cases.records.opinions')}</Typography.Text>}
          dataSource={r.opinions}
          renderItem={(o) => (
            <List.Item>
              <Tag>{level(o.level)}</Tag> {o.text} <Typography.Text type="secondary">— {o.byName}，{o.on}</Typography.Text>
            </List.Item>
          )}
        />
      )}
      {r.notices.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('cases.records.notices')}</Typography.Text>}
          dataSource={r.notices}
          renderItem={(n) => (
            <List.Item>
              <Tag>{level(n.level)}</Tag> {n.postedOn} ～ {n.endsOn} <Tag color={n.closedOn ? 'default' : 'processing'} data-testid="notice-outcome">{n.outcome ? t(`cases.records.noticeOutcome.${n.outcome}`, { defaultValue: t('cases.records.noticeOutcome.closed') }) : t('cases.records.running')}</Tag>
              {r.objections
                .filter((o) => o.level === n.level)
                .map((o) => (
                  <div key={o.id}>
                    <Typography.Text type="danger">
                      {t('cases.records.objections')}：{o.receivedOn} {o.summary}
                    </Typography.Text>
                  </div>
                ))}
            </List.Item>
          )}
        />
      )}
      {r.spotVisits.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('cases.records.spotVisits')}</Typography.Text>}
          dataSource={r.spotVisits}
          renderItem={(s) => (
            <List.Item>
              {s.visitedOn} {s.visitors.join('、')} <Tag>{t(`cases.form.findingOptions.${s.finding as 'consistent'}`)}</Tag> {s.note}
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
