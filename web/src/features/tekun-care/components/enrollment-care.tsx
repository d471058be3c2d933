import { Button, Collapse, Empty, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnrollmentDetail } from '#contracts/enrollments.ts';
import { useCan } from '../../../lib/auth.tsx';
import { useChangeEnrollmentCare } from '../api/tekun-care.ts';
import { CareFormModal } from './care-form-modal.tsx';
import { CareDescriptions } from './care-view.tsx';

/**
 * 供养方式与护理等级 of a tekun enrollment: the record in force, its dated history, and the county's change from a month
 * (a new term when the amount changes, so payroll pays or recovers the difference).
 */
export function EnrollmentCare({ e }: { e: EnrollmentDetail }) {
  const { t } = useTranslation();
  const approve = useCan('cases.approve');
  const [open, setOpen] = useState(false);
  const m = useChangeEnrollmentCare(e.countyCode, e.id);
  const care = e.tekunCare;
  if (!care) return null;
  return (
    <div data-testid="enrollment-care" style={{ marginBottom: 12 }}>
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Text strong>{t('tekunCare.title')}</Typography.Text>
        {approve && e.status !== 'ended' && (
          <Button size="small" onClick={() => { m.reset(); setOpen(true); }} data-testid="enrollment-care-change">
            {t('tekunCare.change')}
          </Button>
        )}
      </Space>
      {care.current ? <CareDescriptions care={care.current} testId="enrollment-care-view" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tekunCare.notRecorded')} />}
      {care.history.length > 1 && (
        <Collapse
          size="small"
          items={[
            {
              key: 'h',
              label: t('tekunCare.history'),
              children: care.history.map((h) => (
                <div key={h.fromMonth} data-testid="enrollment-care-history">
                  <Typography.Text strong>{t('tekunCare.since', { month: h.fromMonth })}</Typography.Text>
                  <CareDescriptions care={h} testId={`enrollment-care-${h.fromMonth}`} />
                  {h.reasons.length > 0 && <Typography.Paragraph type="secondary">{`${t('tekunCare.reasons')}：${h.reasons.join('；')}`}</Typography.Paragraph>}
                </div>
              )),
            },
          ]}
        />
      )}
      {open && (
        <CareFormModal
          county={e.countyCode}
          mode="enrollment"
          initial={care.current}
          pending={m.isPending}
          error={m.error}
          onSubmit={(v) => m.mutateAsync({ ...v, version: e.version, reasons: v.reasons })}
          onClose={() => setOpen(false)}
        />
      )}
    </div>
  );
}
