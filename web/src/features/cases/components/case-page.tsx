import { Breadcrumb, Card, Col, Descriptions, Row, Skeleton, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { CaseDetail } from '#contracts/cases.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { archivePagePath } from '../api/archive.ts';
import { FourDeliberationsCard } from '../../four-deliberations/components/four-deliberations-card.tsx';
import { CaseCareCard } from '../../tekun-care/components/case-care-card.tsx';
import { ScreeningOriginCard } from '../../screening/components/origin-card.tsx';
import { OutreachOriginCard } from '../../outreach/components/origin-card.tsx';
import { useCase } from '../api/get-case.ts';
import { TemporaryAidCard } from '../../temporary/components/temporary-aid-card.tsx';
import { CaseRecords } from './case-records.tsx';
import { CaseTimeline } from './case-timeline.tsx';
import { DueDate, StateTag } from './case-ui.tsx';
import { DecisionCard } from './decision-card.tsx';
import { DocumentsCard } from './documents-card.tsx';
import { FilesCard } from './files-card.tsx';
import { NextSteps } from './next-steps.tsx';

function Summary({ d }: { d: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <Card title={t('cases.detail.summary')} className="section-card" data-testid="case-summary">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: 'a', label: t('cases.detail.applicant'), children: <strong data-testid="case-applicant">{d.applicantName}</strong> },
          { key: 'k', label: t('cases.detail.kind'), children: t(`cases.kinds.${d.kind}`) },
          { key: 'v', label: t('cases.detail.area'), children: d.areaName },
          { key: 'm', label: t('cases.detail.members'), children: d.memberCount },
          { key: 'ap', label: t('cases.detail.appliedOn'), children: d.appliedOn },
          { key: 'ac', label: t('cases.detail.acceptedOn'), children: d.acceptedOn ?? '—' },
          { key: 's', label: t('cases.detail.stateSince'), children: d.stateSince },
          { key: 'due', label: t('cases.detail.dueDate'), children: <span data-testid="case-due"><DueDate due={d.dueDate} overdue={d.overdue} /></span> },
          ...(d.noticeEndsOn ? [{ key: 'n', label: t('cases.detail.noticeEndsOn'), children: d.noticeEndsOn }] : []),
          { key: 'p', label: t('cases.detail.proposedAmount'), children: <span data-testid="case-proposed">{d.proposedAmountYuan ?? '—'}</span> },
          ...(d.state === 'county_review' || d.spotCheck
            ? [{ key: 'sc', label: t('cases.detail.spotCheck'), children: <span data-testid="case-spot-check">{d.spotCheck ? t(`cases.detail.spotChecks.${d.spotCheck}`) : t('cases.detail.notDrawn')}</span> }]
            : []),
          {
            key: 'f',
            label: t('cases.detail.flags'),
            children: (
              <>
                {d.staffRelative && <Tag color="volcano">{t('cases.detail.staffRelative')}</Tag>}
                {d.contested && <Tag color="red">{t('cases.detail.contested')}</Tag>}
                {d.onBehalf && <Tag>{t('cases.detail.onBehalf')}</Tag>}
                {!d.staffRelative && !d.contested && !d.onBehalf && '—'}
              </>
            ),
          },
          { key: 'r', label: t('cases.detail.ruleSet'), children: <span data-testid="case-rule-set">{d.ruleSetCitation}</span> },
          {
            key: 'h',
            label: t('cases.detail.household'),
            children: (
              <Space size={12} wrap>
                <Link to={`/registry/${d.countyCode}/${d.householdId}`}>{t('cases.detail.household')}</Link>
                <Link to={archivePagePath(d.countyCode, d.householdId)} data-testid="case-archive-link">
                  {t('cases.archive.link')}
                </Link>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** 案件页: what the case is, what was done (timeline, records), what is to do (a form per step), the decision, documents. */
export default function CasePage() {
  const { t } = useTranslation();
  const { county = '', id = '' } = useParams();
  const q = useCase(county, id);
  const d = q.data;
  return (
    <div data-testid="case-page" data-state={d?.state} data-version={d?.version}>
      <PageHeader
        breadcrumb={<Breadcrumb items={[{ title: <Link to="/cases">{t('cases.listTitle')}</Link> }, { title: d?.applicantName ?? t('cases.detail.title') }]} />}
        title={
          <Space size={12} wrap>
            <span>{d ? `${d.applicantName} · ${t(`cases.kinds.${d.kind}`)}` : t('cases.detail.title')}</span>
            {d && <StateTag state={d.state} />}
            {d && <Tag>{`${t('cases.detail.version')} ${d.version}`}</Tag>}
          </Space>
        }
        subtitle={d && `${d.areaName} · ${d.appliedOn}`}
      />
      {q.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      ) : q.isError ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} xl={15}>
            <ScreeningOriginCard detail={q.data} />
            <OutreachOriginCard detail={q.data} />
            <Summary d={q.data} />
            <TemporaryAidCard detail={q.data} />
            <NextSteps detail={q.data} onReload={() => void q.refetch()} />
            <FourDeliberationsCard detail={q.data} />
            <CaseCareCard detail={q.data} />
            <DecisionCard detail={q.data} />
            <CaseRecords detail={q.data} />
          </Col>
          <Col xs={24} xl={9}>
            <DocumentsCard detail={q.data} />
            <FilesCard detail={q.data} />
            <CaseTimeline detail={q.data} />
          </Col>
        </Row>
      )}
    </div>
  );
}
