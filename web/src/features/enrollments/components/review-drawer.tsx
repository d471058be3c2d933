import { Alert, Button, Descriptions, Drawer, Form, Input, InputNumber, Radio, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import type { HouseholdDetail } from '#contracts/registry.ts';
import { useHousehold } from '../../registry/api/get-household.ts';
import { changeLine, initialChangeValues, type RegistryChangesBody, refusalSubject, registryChangesBody } from './review-changes-model.ts';
import { ReviewHouseholdChanges } from './review-household-changes.tsx';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewDetail } from '#contracts/enrollments.ts';
import { ReasonLines } from '../../../components/amount-explanation.tsx';
import { ErrorResult } from '../../../components/error-result.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { chinaDateTime } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useReview, useReviewStep } from '../api/reviews.ts';
import { initialReviewValues, type ReviewStep as Step, reviewStepBody } from './review-step-model.ts';
import { DateField } from '../../../components/date-field.tsx';
import { OwnerFilesCard } from '../../cases/components/owner-files-card.tsx';

/** A review step's fields (the drawer's; the investigation's also on the phone's offline visit form, ADR 0051). */
export function StepFields({ step, gradualMax, household }: { step: Step; gradualMax: number | null; household?: HouseholdDetail }) {
  const { t } = useTranslation();
  const req = [{ required: true, whitespace: true, message: t('enrollments.modal.reasonsRequired') }];
  const outcome = Form.useWatch('outcome');
  switch (step) {
    case 'investigate':
      return (
        <>
          <Form.Item name="investigators" label={t('reviews.field.investigators')} rules={req}>
            <Input.TextArea rows={2} data-testid="f-investigators" />
          </Form.Item>
          <Space>
            <Form.Item name="investigatedOn" label={t('reviews.field.investigatedOn')} rules={[{ required: true }]}>
              <DateField data-testid="f-investigatedOn" />
            </Form.Item>
            <Form.Item name="homeVisitOn" label={t('reviews.field.homeVisitOn')}>
              <DateField data-testid="f-homeVisitOn" />
            </Form.Item>
          </Space>
          <Form.Item name="findings" label={t('reviews.field.findings')} rules={req}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="f-findings" />
          </Form.Item>
          {household && <ReviewHouseholdChanges household={household} />}
        </>
      );
    case 'township_review':
      return (
        <Form.Item name="opinion" label={t('reviews.field.opinion')} rules={req}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="f-opinion" />
        </Form.Item>
      );
    case 'decide':
      return (
        <>
          <Form.Item name="outcome" label={t('reviews.field.outcome')} rules={[{ required: true }]}>
            <Radio.Group data-testid="f-outcome">
              {(['keep', 'change', 'stop', 'gradual_exit'] as const).map((o) => (
                <Radio key={o} value={o}>
                  {t(`reviews.outcome.${o}`)}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          {outcome === 'gradual_exit' && (
            <Form.Item
              name="gradualExitMonths"
              label={t('reviews.field.gradualMonths')}
              extra={<span data-testid="gradual-hint">{gradualMax ? t('reviews.gradualHint', { count: gradualMax }) : t('reviews.gradualNone')}</span>}
              rules={[{ required: true }]}
            >
              <InputNumber min={1} max={gradualMax ?? undefined} data-testid="f-gradual-months" />
            </Form.Item>
          )}
          <Form.Item name="reasons" label={t('reviews.field.reasons')} rules={req}>
            <Input.TextArea rows={3} data-testid="f-reasons" />
          </Form.Item>
        </>
      );
    default:
      return (
        <Form.Item name="reasons" label={t('reviews.field.reasons')} rules={req}>
          <Input.TextArea rows={3} data-testid="f-reasons" />
        </Form.Item>
      );
  }
}

/** The form of one step the user may take now; server refusals (the 24-month bound, the same-user rule…) show as they come. */
function StepForm({ review, step, household }: { review: ReviewDetail; step: Step; household?: HouseholdDetail }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const [form] = Form.useForm();
  const m = useReviewStep(review.countyCode, review.id);
  const [sent, setSent] = useState<RegistryChangesBody | undefined>();
  const subject = household && isApiRequestError(m.error) ? refusalSubject(m.error.field, sent, household, t) : null;
  const submit = async () => {
    const v = await form.validateFields();
    const registry = household ? registryChangesBody(household, v) : undefined;
    setSent(registry);
    await m.mutateAsync({ step, body: { ...reviewStepBody(step, v, review.version), ...(registry ? { registry } : {}) } });
    form.resetFields();
  };
  return (
    <Form form={form} layout="vertical" initialValues={{ ...initialReviewValues(), ...(household ? initialChangeValues(household) : {}) }} data-testid={`review-step-${step}`}>
      {m.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={isApiRequestError(m.error) ? bilingual(m.error.messages) : String(m.error)} description={subject ? t('reviews.changes.concerns', { subject }) : undefined} data-testid="review-step-error" />}
      <StepFields step={step} gradualMax={review.gradualExitMaxMonths} household={household} />
      <Button type="primary" loading={m.isPending} onClick={() => void submit().catch(() => undefined)} data-testid="review-step-submit">
        {t('reviews.submit')}
      </Button>
    </Form>
  );
}

/** The investigation's form once the household is read (its members and incomes are the form's start). */
function InvestigateForm({ review }: { review: ReviewDetail }) {
  const h = useHousehold(review.countyCode, review.householdId);
  if (h.isPending) return <Skeleton active />;
  if (h.isError) return <ErrorResult error={h.error} onRetry={() => void h.refetch()} />;
  return <StepForm key={`investigate-${review.version}-${h.data.version}`} review={review} step="investigate" household={h.data} />;
}

/** 复核 A review: where it stands, what was found and decided, its timeline, and the step this user may take. */
export function ReviewDrawer({ county, id, onClose }: { county: string; id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const q = useReview(county, id);
  const [step, setStep] = useState<Step | null>(null);
  const r = q.data;
  const takeable = (r?.nextSteps ?? []).filter((s) => s.canTake) as { step: Step; label: { zh: string; en: string } }[];
  const current = step && takeable.some((s) => s.step === step) ? step : (takeable[0]?.step ?? null);
  return (
    <Drawer open width={640} title={t('reviews.title')} onClose={onClose} data-testid="review-drawer">
      {q.isPending ? (
        <Skeleton active />
      ) : q.isError ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        r && (
          <>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'state', label: t('enrollments.terms.status'), children: <Tag data-testid="review-state">{t(`reviews.state.${r.state}`)}</Tag> },
                { key: 'trigger', label: t('reviews.field.trigger'), children: t(`reviews.trigger.${r.trigger}`) },
                ...(r.reportedChange ? [{ key: 'change', label: t('reviews.field.reportedChange'), children: r.reportedChange }] : []),
                { key: 'opened', label: t('reviews.field.openedOn'), children: r.openedOn },
                ...(r.dueDate ? [{ key: 'due', label: t('reviews.field.due'), children: <span className={r.overdue ? 'case-overdue' : undefined}>{r.dueDate}</span> }] : []),
                {
                  key: 'amount',
                  label: t('reviews.changes.amount'),
                  children: (
                    <span data-testid="review-amount">
                      {r.outcome
                        ? t('reviews.changes.amountDecided', { before: r.amountBeforeYuan ?? '—', after: r.amountYuan ?? '—' })
                        : t('reviews.changes.amountNow', { amount: r.amountBeforeYuan ?? '—' })}
                    </span>
                  ),
                },
                ...(r.registryChanges.length > 0
                  ? [
                      {
                        key: 'changes',
                        label: t('reviews.changes.recorded'),
                        children: (
                          <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="review-registry-changes">
                            {r.registryChanges.map((c, i) => (
                              <li key={i}>{changeLine(c, t)}</li>
                            ))}
                          </ul>
                        ),
                      },
                    ]
                  : []),
                ...(r.outcome
                  ? [
                      { key: 'outcome', label: t('reviews.field.outcome'), children: `${t(`reviews.outcome.${r.outcome}`)} · ${r.deciderName ?? ''} · ${r.decidedOn ?? ''}` },
                      { key: 'effective', label: t('reviews.field.effective'), children: r.effectiveMonth ?? '—' },
                      ...(r.gradualMonths ? [{ key: 'gm', label: t('reviews.field.gradualMonths'), children: r.gradualMonths }] : []),
                      { key: 'reasons', label: t('reviews.field.reasons'), children: <ReasonLines reasons={r.decisionReasonLines} /> },
                    ]
                  : []),
              ]}
            />
            {takeable.length > 0 ? (
              <div className="section-card" style={{ marginTop: 16 }}>
                <Radio.Group value={current} onChange={(e) => setStep(e.target.value)} style={{ marginBottom: 12 }} data-testid="review-steps">
                  {takeable.map((s) => (
                    <Radio.Button key={s.step} value={s.step}>
                      {bilingual(s.label)}
                    </Radio.Button>
                  ))}
                </Radio.Group>
                {current === 'investigate' ? <InvestigateForm review={r} /> : current && <StepForm key={`${current}-${r.version}`} review={r} step={current} />}
              </div>
            ) : (
              r.state !== 'decided' && r.state !== 'cancelled' && <Typography.Paragraph type="secondary">{t('reviews.noSteps')}</Typography.Paragraph>
            )}
            <div style={{ marginTop: 16 }}>
              {/* The household's files: the photos and signatures of the review's home visit are filed on it (ADR 0051). */}
              <OwnerFilesCard
                kind="household"
                path={`/api/households/${encodeURIComponent(r.countyCode)}/${encodeURIComponent(r.householdId)}/files`}
                canUpload={false}
                title={t('reviews.householdFiles')}
                testId="review-household-files"
              />
            </div>
            <Typography.Title level={5} style={{ marginTop: 24 }}>
              {t('reviews.timeline')}
            </Typography.Title>
            <Timeline
              items={r.timeline.map((e) => ({
                key: e.seq,
                children: (
                  <div>
                    <strong>{bilingual(e.stepLabel)}</strong> · {e.actorName} · <span data-testid="review-event-date">{chinaDateTime(e.at).slice(0, 10)}</span>
                    {e.recordedAt && (
                      <div style={{ fontSize: 12 }} data-testid="review-visit-times">
                        {t('cases.records.recordedAt')}：<span data-testid="review-recorded-at">{chinaDateTime(e.recordedAt)}</span>；{t('cases.records.receivedAt')}：
                        <span data-testid="review-received-at">{chinaDateTime(e.at)}</span>
                      </div>
                    )}
                    {Object.entries(e.record)
                      .filter(([k, v]) => k !== 'trigger' && k !== 'outcome' && (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))))
                      .map(([k, v]) => (
                        <div key={k} style={{ fontSize: 12, color: '#6b7685' }}>
                          {Array.isArray(v) ? v.join('、') : String(v)}
                        </div>
                      ))}
                  </div>
                ),
              }))}
            />
          </>
        )
      )}
    </Drawer>
  );
}
