import { Alert, Button, Modal, Progress, Result } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobView } from '#contracts/payroll.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useJob } from '../api/get-job.ts';
import { ImportReportView } from './import-report.tsx';

/**
 * Follows a build or import job (polled) in a modal: progress while it runs, then the outcome — the roll to open, the
 * row-by-row report of a result file, or the error. `onEnded` fires once when the job stops running.
 */
export function JobModal({ job, onClose, onEnded, onOpenRoll }: { job: JobView | null; onClose: () => void; onEnded?: (j: JobView) => void; onOpenRoll?: (j: JobView) => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const q = useJob(job);
  const j = q.data ?? job;
  const running = j?.status === 'running';
  const reported = useRef<string | null>(null);
  useEffect(() => {
    if (!j || j.status === 'running' || reported.current === j.id) return;
    reported.current = j.id;
    onEnded?.(j);
  }, [j, onEnded]);
  if (!j) return null;
  const percent = j.total > 0 ? Math.floor((100 * j.done) / j.total) : 0;
  return (
    <Modal
      open
      title={t(`payroll.job.${j.kind === 'build' ? 'build' : 'import'}${running ? 'Title' : j.status === 'done' ? 'DoneTitle' : 'EndedTitle'}`)}
      onCancel={onClose}
      maskClosable={!running}
      width={j.report ? 820 : 520}
      footer={[
        j.kind === 'build' && j.status === 'done' && onOpenRoll ? (
          <Button key="open" type="primary" onClick={() => onOpenRoll(j)} data-testid="job-open-roll">
            {t('payroll.job.open')}
          </Button>
        ) : null,
        <Button key="close" onClick={onClose} data-testid="job-close">
          {t('payroll.job.close')}
        </Button>,
      ]}
    >
      <div data-testid="job-modal" data-status={j.status}>
        {running && (
          <>
            <Progress percent={percent} status="active" data-testid="job-progress" />
            <div>{j.total > 0 ? t('payroll.job.progress', { done: j.done, total: j.total }) : t('payroll.job.waiting')}</div>
          </>
        )}
        {j.status === 'done' && j.build && <Result status="success" title={`${j.build.month} · ${j.build.lines} / ${j.build.persons}`} />}
        {j.status === 'done' && j.build?.stale && <Alert type="warning" showIcon title={t('payroll.job.stale')} data-testid="job-stale" />}
        {j.status === 'done' && j.build && j.build.held > 0 && <Alert type="info" showIcon title={t('payroll.job.held', { count: j.build.held })} style={{ marginTop: 8 }} />}
        {j.status === 'done' && j.report && <ImportReportView report={j.report} />}
        {j.status === 'failed' && <Alert type="error" showIcon title={t('payroll.job.failed')} description={j.error ? bilingual(j.error.message) : undefined} data-testid="job-error" />}
        {j.status === 'interrupted' && <Alert type="warning" showIcon title={t('payroll.job.interrupted')} />}
      </div>
    </Modal>
  );
}
