import { Alert, App, Button, Card, Checkbox, Empty, Form, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { OutreachFinding, OutreachRow } from '#contracts/outreach.ts';
import { formatYuanGrouped } from '#kernel/money.ts';
import { AreaCascader } from '../../../components/area-cascader/area-cascader.tsx';
import { ExplanationTrace, ReasonLines } from '../../../components/amount-explanation.tsx';
import { ExportButton } from '../../../components/export-button.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useOpenOutreachCase, useOutreach, useOutreachExplanation } from '../api/outreach.ts';

const findingKey = (f: OutreachFinding) => `${f.kind}:${f.personId ?? ''}`;

/**
 * 应保尽保名单 The registry households of the user's area (a county or city user narrows it to a township) that the engine
 * finds eligible with no enrollment and no open case (ADR 0047): per row the engine's finding and monthly amount, its
 * explanation expandable (the one trace presenter), and — for those who may file — a case opened after the visit.
 */
export default function OutreachPage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const user = useUser();
  const canOpen = useCan('cases.apply');
  const [sp, setSp] = useSearchParams();
  const township = sp.get('township') ?? undefined;
  const q = useOutreach({ township });
  const data = q.data;
  const [opening, setOpening] = useState<OutreachRow | null>(null);

  return (
    <>
      <PageHeader
        title={t('outreach.title')}
        subtitle={t('outreach.subtitle')}
        extra={<ExportButton kind="outreach" url="/api/outreach/export.xlsx" filters={{ township }} testId="outreach-export" />}
      />
      <Card className="section-card">
        <Space wrap style={{ marginBottom: 12 }}>
          <span>{t('outreach.township')}</span>
          <AreaCascader
            rootCode={user.areaCode}
            value={township}
            onChange={(v) => setSp(v ? { township: v } : {})}
            placeholder={t('outreach.townshipPlaceholder')}
            style={{ width: 300, maxWidth: '100%' }}
            data-testid="outreach-area"
          />
          {data && (
            <>
              <Tag>{t('outreach.month', { month: data.month })}</Tag>
              <Tag>{t('outreach.scanned', { count: data.scanned })}</Tag>
            </>
          )}
        </Space>
        {data && data.townships.length > 0 && (
          <Space orientation="vertical" size={2} style={{ display: 'flex', marginBottom: 12 }} data-testid="outreach-summary">
            {data.townships.map((s) => (
              <Typography.Text key={s.code}>{t('outreach.summary', { name: s.name, count: s.households, amount: formatYuanGrouped(s.monthlyFen) })}</Typography.Text>
            ))}
          </Space>
        )}
        {q.error ? (
          <Alert type="error" showIcon title={isApiRequestError(q.error) ? bilingual(q.error.messages) : t('outreach.failed')} />
        ) : (
          <Table<OutreachRow>
            size="middle"
            rowKey={(r) => `${r.county}/${r.householdId}`}
            loading={q.isFetching}
            dataSource={data?.rows ?? []}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description={t('outreach.empty')} data-testid="outreach-empty" /> }}
            expandable={{ expandedRowRender: (r) => <Explanations row={r} />, rowExpandable: () => true }}
            columns={[
              { title: t('outreach.col.head'), dataIndex: 'headName', render: (v: string, r) => <span data-testid={`outreach-row-${r.householdId}`}>{v}</span> },
              { title: t('outreach.col.village'), dataIndex: 'areaName', responsive: ['md'] },
              { title: t('outreach.col.members'), dataIndex: 'memberCount', width: 70, responsive: ['sm'] },
              { title: t('outreach.col.poor'), key: 'poor', width: 90, responsive: ['lg'], render: (_, r) => (r.registeredPoor ? t('outreach.yes') : '') },
              {
                title: t('outreach.col.findings'),
                key: 'findings',
                render: (_, r) => (
                  <Space orientation="vertical" size={2}>
                    {r.findings.map((f) => (
                      <span key={findingKey(f)}>
                        <Tag color={f.kind === 'tekun' ? 'purple' : 'blue'}>{t(`outreach.kind.${f.kind}`)}</Tag>
                        {f.personName && <span>{f.personName} </span>}
                        <span data-testid="outreach-amount">{t('outreach.perMonth', { amount: formatYuanGrouped(f.monthlyFen) })}</span>
                      </span>
                    ))}
                  </Space>
                ),
              },
              {
                title: t('outreach.col.actions'),
                key: 'actions',
                width: 90,
                render: (_, r) =>
                  canOpen ? (
                    <Button size="small" type="primary" onClick={() => setOpening(r)} data-testid={`outreach-open-${r.householdId}`}>
                      {t('outreach.openCase')}
                    </Button>
                  ) : null,
              },
            ]}
            data-testid="outreach-table"
          />
        )}
      </Card>
      {opening && <OpenCaseModal row={opening} onClose={() => setOpening(null)} />}
    </>
  );
}

/** Each finding of a row with the engine's explanation, fetched when the row is expanded. */
function Explanations({ row }: { row: OutreachRow }) {
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid={`outreach-explain-${row.householdId}`}>
      {row.findings.map((f) => (
        <Explanation key={findingKey(f)} row={row} finding={f} />
      ))}
    </Space>
  );
}

function Explanation({ row, finding }: { row: OutreachRow; finding: OutreachFinding }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const q = useOutreachExplanation({ county: row.county, householdId: row.householdId, kind: finding.kind, personId: finding.personId }, true);
  if (q.error) return <Alert type="error" showIcon title={isApiRequestError(q.error) ? bilingual(q.error.messages) : t('outreach.explainFailed')} />;
  const d = q.data?.determination;
  return (
    <Card size="small" loading={!d} title={`${t(`outreach.kind.${finding.kind}`)}${finding.personName ? ` · ${finding.personName}` : ''} · ${t('outreach.perMonth', { amount: formatYuanGrouped(finding.monthlyFen) })}`}>
      {d && (
        <>
          <Typography.Title level={5}>{t('outreach.reasons')}</Typography.Title>
          <ReasonLines reasons={d.reasons} />
          <Typography.Title level={5}>{t('outreach.trace')}</Typography.Title>
          <ExplanationTrace trace={d.trace} testId="outreach-trace" rowTestId="outreach-trace-row" />
        </>
      )}
    </Card>
  );
}

/** 开案 after the visit: the programme (and member) from the row, the signed papers ticked. */
function OpenCaseModal({ row, onClose }: { row: OutreachRow; onClose: () => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const open = useOpenOutreachCase();
  const [choice, setChoice] = useState(findingKey(row.findings[0]));
  const [papers, setPapers] = useState({ signedDeclaration: false, dataCheckAuthorised: false, staffRelative: false });
  const finding = row.findings.find((f) => findingKey(f) === choice) ?? row.findings[0];
  const submit = async () => {
    try {
      const c = await open.mutateAsync({ county: row.county, householdId: row.householdId, body: { kind: finding.kind, personId: finding.personId ?? undefined, ...papers } });
      message.success(t('outreach.opened'));
      onClose();
      navigate(`/cases/${c.countyCode}/${c.id}`);
    } catch (e) {
      message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
    }
  };
  return (
    <Modal
      open
      title={t('outreach.openTitle', { head: row.headName })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('outreach.submit')}
      cancelText={t('outreach.cancel')}
      okButtonProps={{ disabled: !papers.signedDeclaration || !papers.dataCheckAuthorised, loading: open.isPending, 'data-testid': 'outreach-open-submit' } as never}
    >
      <Typography.Paragraph type="secondary">{t('outreach.openIntro')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('outreach.openKind')}>
          <Select
            value={choice}
            onChange={setChoice}
            data-testid="outreach-open-kind"
            options={row.findings.map((f) => ({ value: findingKey(f), label: `${t(`outreach.kind.${f.kind}`)}${f.personName ? ` · ${f.personName}` : ''} · ${t('outreach.perMonth', { amount: formatYuanGrouped(f.monthlyFen) })}` }))}
          />
        </Form.Item>
        <Checkbox checked={papers.signedDeclaration} onChange={(e) => setPapers((p) => ({ ...p, signedDeclaration: e.target.checked }))} data-testid="outreach-declaration">
          {t('outreach.declaration')}
        </Checkbox>
        <br />
        <Checkbox checked={papers.dataCheckAuthorised} onChange={(e) => setPapers((p) => ({ ...p, dataCheckAuthorised: e.target.checked }))} data-testid="outreach-authorisation">
          {t('outreach.authorisation')}
        </Checkbox>
        <br />
        <Checkbox checked={papers.staffRelative} onChange={(e) => setPapers((p) => ({ ...p, staffRelative: e.target.checked }))}>
          {t('outreach.staffRelative')}
        </Checkbox>
      </Form>
    </Modal>
  );
}
