import { Alert, Form, Input, InputNumber, Modal, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '#contracts/cases.ts';
import { RESOLUTION_MEETING_VALUES } from '#contracts/four-deliberations.ts';
import { DateField } from '../../../components/date-field.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useRecordDisclosure, useRecordStage } from '../api/four-deliberations.ts';
import { type Meeting, meetingKeyOf, outcomeOf, type Stage, tally, votes } from './four-deliberations-model.ts';

function ServerError({ error }: { error: unknown }) {
  const bilingual = useBilingual();
  if (!error) return null;
  return <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="fd-error" title={isApiRequestError(error) ? bilingual(error.messages) : String(error)} />;
}

/**
 * One stage's form: the date, (for the resolution) the meeting, those entitled and present, (for the two voting
 * meetings) the votes in favour — the quorum and the votes judged as they are typed by the rules in force, with their
 * source — and the outcome (the votes decide it where there are votes). The server checks the same and says why not.
 */
export function StageModal({ detail, stage, onClose, onDone }: { detail: CaseDetail; stage: Stage; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const m = useRecordStage(detail.countyCode, detail.id);
  const meeting = Form.useWatch('meeting', form) as Meeting | undefined;
  const present = Form.useWatch('present', form) as unknown;
  const entitled = Form.useWatch('entitled', form) as unknown;
  const inFavour = Form.useWatch('inFavour', form) as unknown;
  const chosen = Form.useWatch('outcome', form) as 'agreed' | 'not_agreed' | undefined;
  const rules = detail.fourDeliberations.rules[meetingKeyOf(stage, meeting)];
  const tl = tally(rules, { present, entitled, inFavour });
  const outcome = outcomeOf(stage, tl, chosen);
  const existing = detail.fourDeliberations.stages.find((s) => s.stage === stage);

  const submit = async () => {
    const v = await form.validateFields();
    await m.mutateAsync({
      stage,
      meeting: stage === 'resolution' ? (v.meeting as Meeting) : null,
      heldOn: v.heldOn as string,
      present: v.present as number,
      entitled: v.entitled as number,
      inFavour: votes(stage) ? (v.inFavour as number) : null,
      outcome: outcome ?? 'agreed',
      note: (v.note as string | undefined) ?? '',
    });
    onDone();
    onClose();
  };
  const required = [{ required: true, message: t('fourDeliberations.requiredField') }];
  return (
    <Modal
      open
      title={`${t(`fourDeliberations.stages.${stage}`)}`}
      okText={t('fourDeliberations.submit')}
      okButtonProps={{ 'data-testid': 'fd-submit' }}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={m.isPending}
      onCancel={onClose}
      destroyOnHidden
      data-testid="fd-stage-modal"
    >
      <ServerError error={m.error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          heldOn: existing?.heldOn,
          meeting: existing?.meeting ?? 'representatives',
          present: existing?.present,
          entitled: existing?.entitled,
          inFavour: existing?.inFavour ?? undefined,
          outcome: existing?.outcome ?? 'agreed',
          note: existing?.note,
        }}
      >
        <Form.Item name="heldOn" label={t('fourDeliberations.heldOn')} rules={required}>
          <DateField data-testid="fd-heldOn" />
        </Form.Item>
        {stage === 'resolution' && (
          <Form.Item name="meeting" label={t('fourDeliberations.meeting')} rules={required}>
            <Radio.Group data-testid="fd-meeting" options={RESOLUTION_MEETING_VALUES.map((v) => ({ value: v, label: t(`fourDeliberations.meetings.${v}`) }))} />
          </Form.Item>
        )}
        <Form.Item name="entitled" label={t('fourDeliberations.entitled')} rules={required}>
          <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} data-testid="fd-entitled" />
        </Form.Item>
        <Form.Item name="present" label={t('fourDeliberations.present')} rules={required}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} data-testid="fd-present" />
        </Form.Item>
        <Alert
          type={tl.empty ? 'info' : tl.quorumMet ? 'success' : 'error'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="fd-quorum"
          data-ok={String(tl.quorumMet)}
          title={t('fourDeliberations.quorumTitle', { rule: t(`fourDeliberations.rules.${rules.quorum.rule}`), least: tl.quorumNeeded || '—' })}
          description={
            <>
              <div>
                {tl.empty
                  ? t('fourDeliberations.quorumEmpty')
                  : tl.overEntitled
                    ? t('fourDeliberations.overEntitled')
                    : t(tl.quorumMet ? 'fourDeliberations.quorumMet' : 'fourDeliberations.quorumNotMet', { present: String(present) })}
              </div>
              <Typography.Text type="secondary">{t('fourDeliberations.source', { citation: rules.quorum.citation })}</Typography.Text>
            </>
          }
        />
        {votes(stage) && rules.pass && (
          <>
            <Form.Item name="inFavour" label={t('fourDeliberations.inFavour')} rules={required}>
              <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} data-testid="fd-inFavour" />
            </Form.Item>
            <Alert
              type={tl.passed === null ? 'info' : tl.passed ? 'success' : 'warning'}
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="fd-votes"
              data-passed={String(tl.passed)}
              title={t('fourDeliberations.votesTitle', {
                rule: t(`fourDeliberations.rules.${rules.pass.rule}`),
                basis: t(`fourDeliberations.basis.${rules.pass.of}`),
                least: tl.votesNeeded ?? '—',
              })}
              description={
                <>
                  {tl.passed !== null && (
                    <div>{tl.overPresent ? t('fourDeliberations.overPresent') : t(tl.passed ? 'fourDeliberations.passed' : 'fourDeliberations.notPassed', { count: Number(inFavour) })}</div>
                  )}
                  <Typography.Text type="secondary">{t('fourDeliberations.source', { citation: rules.pass.citation })}</Typography.Text>
                </>
              }
            />
          </>
        )}
        {votes(stage) ? (
          <Form.Item label={t('fourDeliberations.outcome')} extra={t('fourDeliberations.outcomeByVotes')}>
            <span data-testid="fd-outcome" data-outcome={outcome ?? ''}>
              {outcome ? t(`fourDeliberations.outcomes.${outcome}`) : '—'}
            </span>
          </Form.Item>
        ) : (
          <Form.Item name="outcome" label={t('fourDeliberations.outcome')}>
            <Radio.Group data-testid="fd-outcome" options={(['agreed', 'not_agreed'] as const).map((o) => ({ value: o, label: t(`fourDeliberations.outcomes.${o}`) }))} />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('fourDeliberations.note')}>
          <Input.TextArea rows={2} maxLength={500} data-testid="fd-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A disclosure's form: the day posted and where. */
export function DisclosureModal({ detail, kind, onClose, onDone }: { detail: CaseDetail; kind: 'resolution' | 'result'; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const m = useRecordDisclosure(detail.countyCode, detail.id);
  const submit = async () => {
    const v = await form.validateFields();
    await m.mutateAsync({ kind, postedOn: v.postedOn as string, place: v.place as string, note: (v.note as string | undefined) ?? '' });
    onDone();
    onClose();
  };
  const required = [{ required: true, whitespace: true, message: t('fourDeliberations.requiredField') }];
  return (
    <Modal
      open
      title={t(`fourDeliberations.disclosures.${kind}`)}
      okText={t('fourDeliberations.submit')}
      okButtonProps={{ 'data-testid': 'fd-submit' }}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={m.isPending}
      onCancel={onClose}
      destroyOnHidden
      data-testid="fd-disclosure-modal"
    >
      <ServerError error={m.error} />
      <Typography.Paragraph type="secondary">{t(`fourDeliberations.disclosureHint.${kind}`)}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="postedOn" label={t('fourDeliberations.postedOn')} rules={required}>
          <DateField data-testid="fd-postedOn" />
        </Form.Item>
        <Form.Item name="place" label={t('fourDeliberations.place')} rules={required}>
          <Input maxLength={200} placeholder={t('fourDeliberations.placeHint')} data-testid="fd-place" />
        </Form.Item>
        <Form.Item name="note" label={t('fourDeliberations.note')}>
          <Input.TextArea rows={2} maxLength={500} data-testid="fd-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
