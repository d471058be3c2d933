import { Alert, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PLACEMENTS, type PlacementPage } from '#contracts/tekun-care.ts';
import { DateField } from '../../../components/date-field.tsx';
import { ErrorResult } from '../../../components/error-result.tsx';
import { usePlacements } from '../api/tekun-care.ts';

const ALL = 'all';

/**
 * 特困供养名册 The county's tekun enrollments of a month with their placement (filter: 分散 / 集中供养), institution and
 * care level (已人工调整 marked), and how many have no record yet. The county is the one of the area chosen (or the
 * user's own); a city-wide user chooses a county first.
 */
export function PlacementsTab({ area }: { area: string }) {
  const { t } = useTranslation();
  const county = area.slice(0, 6);
  const [placement, setPlacement] = useState<string>(ALL);
  const [month, setMonth] = useState<string | undefined>(undefined);
  const q = usePlacements(county, month, placement === ALL ? undefined : (placement as 'home' | 'institution'));
  const cityWide = county.endsWith('00');
  return (
    <div data-testid="placements-tab">
      <Space wrap style={{ marginBottom: 8 }}>
        <Select
          value={placement}
          onChange={setPlacement}
          style={{ width: 200 }}
          data-testid="placements-filter"
          options={[{ value: ALL, label: t('tekunCare.allPlacements'), title: t('tekunCare.allPlacements') }, ...PLACEMENTS.map((p) => ({ value: p, label: t(`tekunCare.placementShort.${p}`), title: t(`tekunCare.placementShort.${p}`) }))]}
        />
        <DateField picker="month" value={month} onChange={(m) => setMonth(m ?? undefined)} placeholder={t('tekunCare.thisMonth')} data-testid="placements-month" />
      </Space>
      {cityWide ? (
        <Alert type="info" showIcon title={t('tekunCare.chooseCounty')} />
      ) : q.isError ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <Table<PlacementPage['items'][number]>
            size="small"
            rowKey="enrollmentId"
            loading={q.isPending}
            dataSource={q.data?.items ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            data-testid="placements-table"
            columns={[
              { title: t('tekunCare.person'), key: 'n', render: (_, r) => <Link to={`/registry/${r.countyCode}/${r.householdId}`}>{r.personName ?? '—'}</Link> },
              { title: t('tekunCare.placement'), key: 'p', render: (_, r) => t(`tekunCare.placementShort.${r.placement}`) },
              { title: t('tekunCare.institution'), key: 'i', render: (_, r) => r.institutionName ?? '—' },
              {
                title: t('tekunCare.level'),
                key: 'l',
                render: (_, r) => (
                  <Space size={4}>
                    {t(`tekunCare.levels.${r.level}`)}
                    {r.overridden && <Tag color="purple">{t('tekunCare.overridden')}</Tag>}
                  </Space>
                ),
              },
              { title: t('tekunCare.fromMonth'), key: 'f', render: (_, r) => r.fromMonth },
            ]}
          />
          {q.data && q.data.withoutRecord > 0 && <Typography.Text type="secondary">{t('tekunCare.withoutRecord', { count: q.data.withoutRecord, month: q.data.month })}</Typography.Text>}
        </>
      )}
    </div>
  );
}
