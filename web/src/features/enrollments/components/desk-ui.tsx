import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { divisionKeys, fetchDivision } from '../../../components/area-cascader/divisions-api.ts';

/** The household page of a row (`/registry/:county/:id`), named by its head. */
export function HouseholdLink({ county, id, name }: { county: string; id: string; name: string }) {
  return (
    <Link to={`/registry/${encodeURIComponent(county)}/${encodeURIComponent(id)}`} className="cell-name" data-testid="desk-household">
      {name}
    </Link>
  );
}

export function ProgramTag({ program }: { program: 'dibao' | 'tekun' }) {
  const { t } = useTranslation();
  return <Tag color={program === 'tekun' ? 'purple' : 'blue'}>{t(`enrollments.programs.${program}`)}</Tag>;
}

/** A division's name from its code: reference data, cached for the session and shared with the area pickers. */
export function AreaName({ code }: { code: string }) {
  const q = useQuery({ queryKey: divisionKeys.detail(code), queryFn: () => fetchDivision(code), staleTime: 60 * 60_000 });
  return <span title={code}>{q.data?.name ?? code}</span>;
}

/** Column props that keep short cells (names, dates, tags) on one line, so a long note does not squeeze them. */
export const nowrap = { onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }), onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' as const } }) };

/** "Showing 20 of 57" and, while the keyset has another page, "load more". */
export function ListFooter({ testId, shown, total, hasMore, loading, onMore }: { testId: string; shown: number; total: number; hasMore: boolean; loading: boolean; onMore: () => void }) {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 16 }}>
      <Typography.Text type="secondary" data-testid={`${testId}-shown`}>
        {t('reviewDesk.shown', { shown, total })}
      </Typography.Text>
      {hasMore && (
        <Button onClick={onMore} loading={loading} data-testid={`${testId}-load-more`}>
          {t('reviewDesk.loadMore')}
        </Button>
      )}
    </div>
  );
}

/** The empty state of a list: what it would hold, and where such items come from. */
export function DeskEmpty({ testId, children }: { testId: string; children: ReactNode }) {
  return <Empty description={children} data-testid={`${testId}-empty`} />;
}
