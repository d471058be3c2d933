import { Button, Card, Empty } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '#contracts/cases.ts';
import { useCan } from '../../../lib/auth.tsx';
import { useRecordCaseCare } from '../api/tekun-care.ts';
import { CareFormModal } from './care-form-modal.tsx';
import { CareDescriptions } from './care-view.tsx';

const OPEN = new Set(['accepted', 'investigated', 'deliberated', 'village_notice', 'county_review', 'county_notice']);

/**
 * 供养方式与护理等级 on a tekun case page: what the investigation recorded, and — while the case is open — the form to
 * record it (the caseworker at the investigation, the county approver before deciding).
 */
export function CaseCareCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const investigate = useCan('cases.investigate');
  const approve = useCan('cases.approve');
  const [open, setOpen] = useState(false);
  const m = useRecordCaseCare(detail.countyCode, detail.id);
  if (detail.program !== 'tekun') return null;
  const canRecord = (investigate || approve) && OPEN.has(detail.state);
  return (
    <Card
      title={t('tekunCare.title')}
      className="section-card"
      data-testid="case-care"
      extra={
        canRecord && (
          <Button size="small" type={detail.tekunCare ? 'default' : 'primary'} onClick={() => { m.reset(); setOpen(true); }} data-testid="case-care-record">
            {detail.tekunCare ? t('tekunCare.change') : t('tekunCare.record')}
          </Button>
        )
      }
    >
      {detail.tekunCare ? <CareDescriptions care={detail.tekunCare} testId="case-care-view" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tekunCare.notRecorded')} />}
      {open && (
        <CareFormModal
          county={detail.countyCode}
          mode="case"
          initial={detail.tekunCare}
          pending={m.isPending}
          error={m.error}
          onSubmit={(v) => m.mutateAsync({ ...v, institutionId: v.institutionId, reasons: v.reasons })}
          onClose={() => setOpen(false)}
        />
      )}
    </Card>
  );
}
