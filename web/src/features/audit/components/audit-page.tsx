import { Alert, App, Button, Card, Col, Empty, Form, Input, Row, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { AuditEventView, AuditSearchPage, AuditSearchQuery, PersonAccess } from '#contracts/audit.ts';
import { ROLE_LABELS, type Role } from '#contracts/roles.ts';
import { maskIdNumber } from '#kernel/id-number.ts';
import { ExportButton } from '../../../components/export-button.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { searchTrail, usePersonAccess, useRunVerify, useVerifyStatus } from '../api/audit.ts';

/** A searched text that is an ID number, masked: the auditor sees masked values only (ADR 0047). */
const masked = (text: string) => (/^(\d{17}[\dXx]|\d{15})$/.test(text) ? maskIdNumber(text) : text);

/** An instant in China's time, as every screen shows it (the browser may run elsewhere). */
const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/**
 * 审计查询 The auditor's browser over the trail (issue 16 point 4, ADR 0047): the chain's verification status (and a run
 * on request), the search by user, person or household, action and time (pages loaded on demand, the selection exported
 * through the list export), a case's chain of responsibility, and who looked at a person.
 */
export default function AuditPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      <VerifyCard />
      <Card className="section-card">
        <Tabs
          items={[
            { key: 'search', label: t('audit.tabs.search'), children: <SearchTab /> },
            { key: 'chain', label: t('audit.tabs.responsibility'), children: <ChainTab /> },
            { key: 'access', label: t('audit.tabs.access'), children: <AccessTab /> },
          ]}
        />
      </Card>
    </>
  );
}

function VerifyCard() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const status = useVerifyStatus();
  const run = useRunVerify();
  const s = status.data;
  return (
    <Card className="section-card" size="small" title={t('audit.verify.title')} data-testid="audit-verify">
      <Space wrap>
        {s ? (
          <>
            <Tag color={s.ok ? 'success' : 'error'} data-testid="audit-verify-result" data-ok={String(s.ok)}>
              {s.ok ? t('audit.verify.ok') : t('audit.verify.broken')}
            </Tag>
            <span data-testid="audit-verify-last">{t('audit.verify.last', { at: time(s.at), by: s.by, chains: s.chains, events: s.events })}</span>
            {s.firstProblem && <Typography.Text type="danger">{t('audit.verify.problem', s.firstProblem)}</Typography.Text>}
          </>
        ) : (
          <span>{t('audit.verify.never')}</span>
        )}
        <Button
          loading={run.isPending}
          onClick={() => run.mutate(undefined, { onError: (e) => message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e)) })}
          data-testid="audit-verify-run"
        >
          {t('audit.verify.run')}
        </Button>
      </Space>
    </Card>
  );
}

interface FilterForm {
  user?: string;
  idNumber?: string;
  county?: string;
  householdId?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** A day (YYYY-MM-DD, China) as the instant it starts; `to` is the day after the last day chosen. */
const dayStart = (d: string | undefined, plus = 0) => {
  if (!d) return undefined;
  const x = new Date(`${d}T00:00:00+08:00`);
  x.setUTCDate(x.getUTCDate() + plus);
  return x.toISOString();
};

function SearchTab() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const [form] = Form.useForm<FilterForm>();
  const [query, setQuery] = useState<AuditSearchQuery | null>(null);
  const [pages, setPages] = useState<AuditSearchPage[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const load = async (q: AuditSearchQuery, after?: string) => {
    setBusy(true);
    setError(null);
    try {
      const page = await searchTrail({ ...q, ...(after ? { after } : {}) });
      setPages((p) => (after ? [...p, page] : [page]));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const submit = (v: FilterForm) => {
    const clean = (s?: string) => (s?.trim() ? s.trim() : undefined);
    const q: AuditSearchQuery = {
      user: clean(v.user),
      idNumber: clean(v.idNumber),
      county: clean(v.county),
      householdId: clean(v.householdId),
      action: clean(v.action),
      from: dayStart(clean(v.from)),
      to: dayStart(clean(v.to), 1),
    };
    setQuery(q);
    void load(q);
  };
  const items = pages.flatMap((p) => p.items);
  const last = pages.at(-1);
  const household = pages[0]?.household ?? null;
  const exportFilters = query
    ? { user: query.user, action: query.action, from: query.from, to: query.to, county: household?.county ?? query.county, householdId: household?.householdId ?? query.householdId }
    : {};
  return (
    <>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Row gutter={12}>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item name="user" label={t('audit.filter.user')}>
              <Input allowClear data-testid="audit-filter-user" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item name="idNumber" label={t('audit.filter.idNumber')}>
              <Input allowClear data-testid="audit-filter-id" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6} lg={3}>
            <Form.Item name="county" label={t('audit.filter.county')}>
              <Input allowClear data-testid="audit-filter-county" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6} lg={3}>
            <Form.Item name="householdId" label={t('audit.filter.householdId')}>
              <Input allowClear data-testid="audit-filter-household" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item name="action" label={t('audit.filter.action')}>
              <Input allowClear data-testid="audit-filter-action" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6} lg={4}>
            <Form.Item name="from" label={t('audit.filter.range')}>
              <Input type="date" data-testid="audit-filter-from" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6} lg={4}>
            <Form.Item name="to" label=" ">
              <Input type="date" data-testid="audit-filter-to" />
            </Form.Item>
          </Col>
        </Row>
        <Space wrap style={{ marginBottom: 12 }}>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="audit-search">
            {t('audit.filter.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setQuery(null);
              setPages([]);
            }}
          >
            {t('audit.filter.reset')}
          </Button>
          {query && <ExportButton kind="audit-events" permission="audit.persons" filters={exportFilters} testId="audit-export" />}
        </Space>
      </Form>
      {household && <Alert style={{ marginBottom: 12 }} type="info" title={t('audit.household', { county: household.county, id: household.householdId })} />}
      {error ? <Alert type="error" showIcon title={isApiRequestError(error) ? bilingual(error.messages) : String(error)} /> : null}
      <EventTable items={items} loading={busy} />
      {query && (
        <Space style={{ marginTop: 12 }}>
          <span data-testid="audit-shown">{t('audit.shown', { count: items.length })}</span>
          {last?.next && (
            <Button onClick={() => void load(query, last.next ?? undefined)} loading={busy} data-testid="audit-more">
              {t('audit.more')}
            </Button>
          )}
        </Space>
      )}
    </>
  );
}

function EventTable({ items, loading }: { items: AuditEventView[]; loading: boolean }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  return (
    <Table<AuditEventView>
      size="small"
      rowKey={(e) => `${e.chain}:${e.seq}`}
      loading={loading}
      dataSource={items}
      pagination={false}
      scroll={{ x: 720 }}
      locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
      columns={[
        { title: t('audit.col.at'), key: 'at', width: 170, render: (_, e) => time(e.at) },
        { title: t('audit.col.user'), key: 'user', render: (_, e) => e.actorName ?? <code>{e.actor}</code> },
        { title: t('audit.col.role'), key: 'role', responsive: ['md'], render: (_, e) => (e.actorRole && ROLE_LABELS[e.actorRole as Role] ? bilingual(ROLE_LABELS[e.actorRole as Role]) : '') },
        { title: t('audit.col.action'), dataIndex: 'action', render: (v: string) => <code data-testid="audit-action">{v}</code> },
        {
          title: t('audit.col.entity'),
          key: 'entity',
          render: (_, e) =>
            e.entityType === 'case' && e.entityId ? (
              <Link to={`/audit/cases/${e.chain}/${e.entityId}`} data-testid="audit-case-link">
                <code>
                  {e.entityType}/{e.entityId.slice(0, 8)}
                </code>
              </Link>
            ) : (
              <code>
                {e.entityType}
                {e.entityId ? `/${e.entityId.slice(0, 8)}` : ''}
              </code>
            ),
        },
        { title: t('audit.col.chain'), key: 'chain', responsive: ['lg'], render: (_, e) => `${e.chain}/${e.seq}` },
      ]}
      data-testid="audit-table"
    />
  );
}

function ChainTab() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Form layout="inline" onFinish={(v: { county: string; caseId: string }) => navigate(`/audit/cases/${v.county.trim()}/${v.caseId.trim()}`)}>
      <Form.Item name="county" label={t('audit.chain.county')} rules={[{ required: true }]}>
        <Input style={{ width: 120 }} data-testid="audit-chain-county" />
      </Form.Item>
      <Form.Item name="caseId" label={t('audit.chain.caseId')} rules={[{ required: true }]}>
        <Input style={{ width: 320, maxWidth: '100%' }} data-testid="audit-chain-case" />
      </Form.Item>
      <Button type="primary" htmlType="submit" data-testid="audit-chain-show">
        {t('audit.chain.show')}
      </Button>
    </Form>
  );
}

function AccessTab() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const access = usePersonAccess();
  const r: PersonAccess | undefined = access.data;
  return (
    <>
      <Form layout="inline" onFinish={(v: { idNumber: string }) => access.mutate({ idNumber: v.idNumber.trim() })} style={{ marginBottom: 12 }}>
        <Form.Item name="idNumber" label={t('audit.access.idNumber')} rules={[{ required: true }]}>
          <Input style={{ width: 240, maxWidth: '100%' }} data-testid="audit-access-id" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={access.isPending} data-testid="audit-access-search">
          {t('audit.access.search')}
        </Button>
      </Form>
      {access.error ? <Alert type="error" showIcon title={isApiRequestError(access.error) ? bilingual(access.error.messages) : String(access.error)} /> : null}
      {r && (
        <>
          <Typography.Paragraph>{t('audit.access.members', { names: r.members.map((m) => m.name).join('、') })}</Typography.Paragraph>
          {r.truncated && <Alert type="warning" title={t('audit.access.truncated')} />}
          <Table
            size="small"
            rowKey={(e) => `${e.chain}:${e.seq}`}
            dataSource={r.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 600 }}
            columns={[
              { title: t('audit.col.at'), key: 'at', width: 170, render: (_, e) => time(e.at) },
              { title: t('audit.col.user'), dataIndex: 'actor', render: (v: string) => <code>{v}</code> },
              { title: t('audit.col.action'), dataIndex: 'action', render: (v: string) => <code>{v}</code> },
              {
                title: t('audit.col.entity'),
                key: 'searched',
                render: (_, e) => (e.searched ? t('audit.access.searched', { text: masked(e.searched) }) : <code>{`${e.entityType}${e.entityId ? `/${e.entityId.slice(0, 8)}` : ''}`}</code>),
              },
            ]}
            data-testid="audit-access-table"
          />
        </>
      )}
    </>
  );
}
