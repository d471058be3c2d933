import { EditOutlined, FileAddOutlined, UserAddOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Col, Descriptions, Grid, Row, Skeleton, Space, Tag } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { HouseholdDetail, PersonView } from '#contracts/registry.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useCan } from '../../../lib/auth.tsx';
import { chinaDateTime, yuanTotal } from '../../../lib/format.ts';
import { useHousehold } from '../api/get-household.ts';
import { AssetsTable, IncomesTable, MembersTable } from './household-tables.tsx';
import { MemberDrawer } from './member-drawer.tsx';
import { MoveMemberModal } from './move-member-modal.tsx';
import { RevealableValue } from './revealable-value.tsx';

function Summary({ d }: { d: HouseholdDetail }) {
  const { t } = useTranslation();
  // On a phone each label sits above its value: beside it, a long label leaves a bank account no room.
  const wide = Grid.useBreakpoint().md === true;
  return (
    <Card className="section-card" data-testid="household-summary">
      <Descriptions
        layout={wide ? 'horizontal' : 'vertical'}
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: 'head', label: t('registry.col.headName'), children: <strong data-testid="detail-head">{d.headName}</strong> },
          { key: 'area', label: t('form.area'), children: d.areaName },
          { key: 'address', label: t('form.address'), children: d.address },
          { key: 'hukou', label: t('form.hukouType'), children: t(`registry.hukou.${d.hukouType}`) },
          { key: 'members', label: t('registry.col.members'), children: t('registry.memberCount', { count: d.memberCount }) },
          { key: 'income', label: t('detail.totalIncome'), children: <span className="mono">¥ {yuanTotal(d.incomes.map((i) => i.annualYuan))}</span> },
          {
            key: 'heating',
            label: t('form.heatingMode'),
            children: (
              <span data-testid="detail-heating">
                {t(`registry.heating.${d.heatingMode ?? 'unrecorded'}`)}
                {d.heatingMode === 'central' && d.heatedAreaM2 !== null ? `（${t('detail.heatedAreaValue', { area: d.heatedAreaM2 })}）` : ''}
              </span>
            ),
          },
          { key: 'bank', label: t('form.bankName'), children: d.bankName ?? '—' },
          {
            key: 'account',
            label: t('form.bankAccount'),
            // Keyed by the household's version: a value revealed, then changed, is not shown in full any longer.
            children: <RevealableValue key={`account:${d.version}`} county={d.countyCode} householdId={d.id} field={{ field: 'bankAccount' }} masked={d.bankAccount} testId="detail-bankAccount" />,
          },
          {
            key: 'phone',
            label: t('form.phone'),
            children: <RevealableValue key={`phone:${d.version}`} county={d.countyCode} householdId={d.id} field={{ field: 'phone' }} masked={d.phone} testId="detail-phone" />,
          },
          { key: 'id', label: t('detail.householdId'), children: <span className="mono">{`${d.countyCode}/${d.id}`}</span> },
          { key: 'created', label: t('detail.createdAt'), children: chinaDateTime(d.createdAt) },
          {
            key: 'updated',
            label: t('detail.updatedAt'),
            children: (
              <>
                {chinaDateTime(d.updatedAt)} <Tag>{`${t('detail.version')} ${d.version}`}</Tag>
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** `sections`: what other features show about the household below its registry data, composed by the app (router). */
export default function HouseholdDetailPage({ sections }: { sections?: (ref: { county: string; id: string }) => ReactNode } = {}) {
  const { t } = useTranslation();
  const { county = '', id = '' } = useParams();
  const navigate = useNavigate();
  const canWrite = useCan('registry.write');
  const canApply = useCan('cases.apply');
  const q = useHousehold(county, id);
  const [editing, setEditing] = useState<PersonView | 'new' | null>(null);
  const [moving, setMoving] = useState<PersonView | null>(null);
  const d = q.data;

  return (
    <div data-testid="household-detail">
      <PageHeader
        breadcrumb={<Breadcrumb items={[{ title: <Link to="/registry">{t('registry.listTitle')}</Link> }, { title: d?.headName ?? t('detail.title') }]} />}
        title={
          <Space size={12} wrap>
            <span>{d ? d.headName : t('detail.title')}</span>
            {d?.registeredPoor && <Tag color="volcano">{t('registry.tag.registeredPoor')}</Tag>}
            {d?.synthetic && <Tag>{t('registry.tag.synthetic')}</Tag>}
          </Space>
        }
        subtitle={d && `${d.areaName} · ${d.address}`}
        extra={
          canWrite &&
          d && (
            <Space wrap>
              <Button icon={<UserAddOutlined />} onClick={() => setEditing('new')} data-testid="detail-add-member">
                {t('detail.addMember')}
              </Button>
              {canApply && (
                <Button icon={<FileAddOutlined />} onClick={() => navigate(`/cases/new?county=${county}&household=${id}`)} data-testid="detail-apply">
                  {t('cases.newFromHousehold')}
                </Button>
              )}
              <Button type="primary" icon={<EditOutlined />} onClick={() => navigate('edit')} data-testid="detail-edit">
                {t('detail.edit')}
              </Button>
            </Space>
          )
        }
      />
      {q.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      ) : q.isError ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <Summary d={q.data} />
          <Card title={t('detail.members')} className="section-card">
            <MembersTable detail={q.data} canWrite={canWrite} onEdit={setEditing} onMove={setMoving} />
          </Card>
          <Row gutter={16}>
            <Col xs={24} xl={14}>
              <Card title={t('detail.incomes')} className="section-card">
                <IncomesTable detail={q.data} />
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card title={t('detail.assets')} className="section-card">
                <AssetsTable detail={q.data} />
              </Card>
            </Col>
          </Row>
          {sections?.({ county, id })}
        </>
      )}
      {editing && (
        <MemberDrawer
          county={county}
          householdId={id}
          person={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onReload={() => q.refetch()}
        />
      )}
      {moving && (
        <MoveMemberModal person={moving} county={county} householdId={id} onClose={() => setMoving(null)} onMoved={() => setMoving(null)} />
      )}
    </div>
  );
}
