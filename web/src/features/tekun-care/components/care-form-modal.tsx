import { Alert, Checkbox, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SELF_CARE_ITEMS } from '#contracts/registry.ts';
import { CARE_LEVELS, PLACEMENTS, type TekunCareView } from '#contracts/tekun-care.ts';
import { DateField } from '../../../components/date-field.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { textLines } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useInstitutions } from '../api/tekun-care.ts';

export interface CareFormValues {
  placement: (typeof PLACEMENTS)[number];
  institutionId: string | null;
  selfCareFailed: (typeof SELF_CARE_ITEMS)[number][];
  assessedOn: string;
  levelOverride: (typeof CARE_LEVELS)[number] | null;
  overrideReason: string | null;
  reasons: string[];
  fromMonth?: string;
}

const NONE = 'none';

/**
 * The form of a care record: placement (and the institution for 集中供养), the six self-care items, the assessment day,
 * a level set by hand with its reason; on an enrollment also the month it applies from and the written reasons.
 * Server refusals show in the current language, on the form.
 */
export function CareFormModal({
  county,
  mode,
  initial,
  pending,
  error,
  onSubmit,
  onClose,
}: {
  county: string;
  mode: 'case' | 'enrollment';
  initial: TekunCareView | null;
  pending: boolean;
  error: unknown;
  onSubmit: (v: CareFormValues) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const [form] = Form.useForm();
  const placement = Form.useWatch('placement', form);
  const override = Form.useWatch('levelOverride', form);
  const institutions = useInstitutions(county);
  const submit = async () => {
    const v = await form.validateFields();
    const lvl = v.levelOverride === NONE ? null : v.levelOverride;
    await onSubmit({
      placement: v.placement,
      institutionId: v.placement === 'institution' ? (v.institutionId ?? null) : null,
      selfCareFailed: v.selfCareFailed ?? [],
      assessedOn: v.assessedOn,
      levelOverride: lvl,
      overrideReason: lvl ? (v.overrideReason ?? null) : null,
      reasons: textLines(v.reasons ?? ''),
      ...(mode === 'enrollment' && v.fromMonth ? { fromMonth: v.fromMonth } : {}),
    });
    onClose();
  };
  return (
    <Modal
      open
      title={initial ? t('tekunCare.change') : t('tekunCare.record')}
      okText={t('tekunCare.submit')}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={pending}
      onCancel={onClose}
      destroyOnHidden
      data-testid="care-modal"
    >
      {Boolean(error) && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="care-error"
          title={isApiRequestError(error) ? (error.code === 'STALE_VERSION' ? t('tekunCare.stale') : bilingual(error.messages)) : String(error)}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          placement: initial?.placement ?? 'home',
          institutionId: initial?.institution?.id,
          selfCareFailed: initial?.selfCareFailed ?? [],
          assessedOn: undefined,
          levelOverride: initial?.overridden ? initial.level : NONE,
          overrideReason: initial?.overridden ? (initial.overrideReason ?? undefined) : undefined,
        }}
      >
        <Form.Item name="placement" label={t('tekunCare.placement')} rules={[{ required: true, message: t('tekunCare.required') }]}>
          <Radio.Group data-testid="care-placement" options={PLACEMENTS.map((p) => ({ value: p, label: t(`tekunCare.placements.${p}`) }))} />
        </Form.Item>
        {placement === 'institution' && (
          <Form.Item name="institutionId" label={t('tekunCare.institution')} tooltip={t('tekunCare.institutionHint')} rules={[{ required: true, message: t('tekunCare.required') }]}>
            <Select
              data-testid="care-institution"
              loading={institutions.isPending}
              options={(institutions.data?.items ?? []).map((i) => ({ value: i.id, label: i.name, title: i.name }))}
            />
          </Form.Item>
        )}
        <Form.Item name="selfCareFailed" label={t('tekunCare.selfCareFailed')} tooltip={t('tekunCare.selfCareHint')}>
          <Checkbox.Group data-testid="care-items" options={SELF_CARE_ITEMS.map((i) => ({ value: i, label: t(`registry.selfCare.${i}`) }))} />
        </Form.Item>
        <Form.Item name="assessedOn" label={t('tekunCare.assessedOn')} rules={[{ required: true, message: t('tekunCare.required') }]}>
          <DateField data-testid="care-assessedOn" />
        </Form.Item>
        <Form.Item name="levelOverride" label={t('tekunCare.override')}>
          <Select
            data-testid="care-override"
            options={[{ value: NONE, label: t('tekunCare.overrideNone'), title: t('tekunCare.overrideNone') }, ...CARE_LEVELS.map((l) => ({ value: l, label: t(`tekunCare.levels.${l}`), title: t(`tekunCare.levels.${l}`) }))]}
          />
        </Form.Item>
        {override && override !== NONE && (
          <Form.Item name="overrideReason" label={t('tekunCare.overrideReason')} rules={[{ required: true, whitespace: true, message: t('tekunCare.overrideReasonRequired') }]}>
            <Input.TextArea rows={2} maxLength={500} data-testid="care-override-reason" />
          </Form.Item>
        )}
        {mode === 'enrollment' && (
          <>
            <Form.Item name="fromMonth" label={t('tekunCare.fromMonth')}>
              <DateField picker="month" data-testid="care-fromMonth" />
            </Form.Item>
            <Typography.Paragraph type="secondary">{t('tekunCare.fromMonthHint')}</Typography.Paragraph>
          </>
        )}
        <Form.Item name="reasons" label={t('tekunCare.reasons')} rules={mode === 'enrollment' ? [{ required: true, whitespace: true, message: t('tekunCare.reasonsRequired') }] : undefined}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="care-reasons" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
