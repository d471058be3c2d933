import { DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Col, Form, type FormInstance, Input, InputNumber, Radio, Row, Tag } from 'antd';
import { HEATED_AREA_MAX_M2, HEATED_AREA_MIN_M2 } from '#contracts/registry.ts';
import { useTranslation } from 'react-i18next';
import { AreaCascader } from '../../../components/area-cascader/area-cascader.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { AssetFields, IncomeFields } from './finance-fields.tsx';
import { BANK_ACCOUNT_RE, emptyMember, type HouseholdFormValues, keepsOrReplacesMasked, PHONE_RE } from './household-form-model.ts';
import { MemberFields } from './member-fields.tsx';
import { useRegistryOptions } from './use-options.ts';

interface Props {
  form: FormInstance<HouseholdFormValues>;
  mode: 'create' | 'edit';
  rootCode: string;
  initialValues: HouseholdFormValues;
  /** In edit mode, the saved members, for attributing an income. */
  members?: { index: number; name: string }[];
  error: unknown;
  submitting: boolean;
  onFinish: (values: HouseholdFormValues) => void;
  onCancel: () => void;
  onReload?: () => void;
}

function FormError({ error, onReload }: { error: unknown; onReload?: () => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  if (!error) return null;
  const stale = isApiRequestError(error) && error.code === 'STALE_VERSION';
  return (
    <Alert
      type={stale ? 'warning' : 'error'}
      showIcon
      data-testid={stale ? 'stale-version' : 'form-error'}
      style={{ marginBottom: 16 }}
      title={stale ? t('detail.staleTitle') : t('form.errorTitle')}
      description={
        <>
          <div>{isApiRequestError(error) ? bilingual(error.messages) : String(error)}</div>
          {stale && <div>{t('detail.staleHint')}</div>}
        </>
      }
      action={
        stale && onReload ? (
          <Button icon={<ReloadOutlined />} onClick={onReload} data-testid="reload-latest">
            {t('detail.reloadLatest')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** A personal field's check, where the server may have sent the value masked (ADR 0012; household-form-model.ts). */
function keptOr(kept: string | null, pattern: RegExp, message: string) {
  return async (_: unknown, value: string | null | undefined) => {
    if (!keepsOrReplacesMasked(value, kept, pattern)) throw new Error(message);
  };
}

/** 取暖方式 and, for central heating only, 供暖面积 (1–1000 m², two decimals): ADR 0042. */
function HeatingFields({ form }: { form: FormInstance<HouseholdFormValues> }) {
  const { t } = useTranslation();
  const mode = Form.useWatch('heatingMode', form);
  const options = (['central', 'dispersed', 'none', ''] as const).map((value) => ({ value, label: t(`registry.heating.${value || 'unrecorded'}`) }));
  return (
    <>
      <Col xs={24} md={12} xl={10}>
        <Form.Item name="heatingMode" label={t('form.heatingMode')} extra={t('form.heatingHint')}>
          <Radio.Group optionType="button" buttonStyle="solid" options={options} data-testid="household-heatingMode" />
        </Form.Item>
      </Col>
      {mode === 'central' && (
        <Col xs={24} md={12} xl={8}>
          <Form.Item
            name="heatedAreaM2"
            label={t('form.heatedArea')}
            rules={[
              { required: true, message: t('form.heatedAreaRequired') },
              { type: 'number', min: HEATED_AREA_MIN_M2, max: HEATED_AREA_MAX_M2, message: t('form.heatedAreaRange') },
            ]}
          >
            {/* No min/max on the input: antd would clamp 5000 to 1000 silently; the rule says the plausible range instead. */}
            <InputNumber precision={2} step={1} style={{ width: '100%' }} inputMode="decimal" data-testid="household-heatedArea" />
          </Form.Item>
        </Col>
      )}
    </>
  );
}

export function HouseholdForm(props: Props) {
  const { form, mode } = props;
  const { t } = useTranslation();
  const o = useRegistryOptions();
  // Masked values from the server, in edit mode: sent back unchanged they keep what is stored.
  const keptAccount = mode === 'edit' ? (props.initialValues.bankAccount ?? null) : null;
  const keptPhone = mode === 'edit' ? (props.initialValues.phone ?? null) : null;

  return (
    <Form<HouseholdFormValues>
      form={form}
      layout="vertical"
      initialValues={props.initialValues}
      onFinish={props.onFinish}
      onFinishFailed={({ errorFields }) => {
        if (errorFields[0]) form.scrollToField(errorFields[0].name, { block: 'center' });
      }}
      scrollToFirstError={false}
      data-testid="household-form"
    >
      <FormError error={props.error} onReload={props.onReload} />
      <Card title={t('form.section.household')} className="section-card">
        <Row gutter={16}>
          <Col xs={24} md={12} xl={8}>
            <Form.Item
              name="areaCode"
              label={t('form.area')}
              rules={[
                { required: true, message: t('form.areaRequired') },
                { pattern: /^\d{9}(?!000)\d{3}$/, message: t('form.areaVillageOnly') },
              ]}
            >
              <AreaCascader rootCode={props.rootCode} villageOnly placeholder={t('form.areaRequired')} data-testid="household-area" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={10}>
            <Form.Item name="address" label={t('form.address')} rules={[{ required: true, whitespace: true, message: t('form.addressRequired') }, { max: 200 }]}>
              <Input placeholder={t('form.addressPlaceholder')} data-testid="household-address" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={6}>
            <Form.Item name="hukouType" label={t('form.hukouType')} rules={[{ required: true }]}>
              <Radio.Group optionType="button" buttonStyle="solid" options={o.hukou} data-testid="household-hukou" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <Form.Item name="bankName" label={t('form.bankName')} rules={[{ max: 50 }]}>
              <Input data-testid="household-bankName" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={10}>
            <Form.Item
              name="bankAccount"
              label={t('form.bankAccount')}
              extra={keptAccount ? t('reveal.keptHint') : undefined}
              rules={[{ validator: keptOr(keptAccount, BANK_ACCOUNT_RE, t('form.bankAccountFormat')) }]}
            >
              <Input className="mono" inputMode="numeric" data-testid="household-bankAccount" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={6}>
            <Form.Item
              name="phone"
              label={t('form.phone')}
              extra={keptPhone ? t('reveal.keptHint') : undefined}
              rules={[{ validator: keptOr(keptPhone, PHONE_RE, t('form.phoneFormat')) }]}
            >
              <Input inputMode="tel" data-testid="household-phone" />
            </Form.Item>
          </Col>
          <HeatingFields form={form} />
          <Col span={24}>
            <Form.Item name="registeredPoor" valuePropName="checked" style={{ marginBottom: 0 }}>
              <Checkbox data-testid="household-registeredPoor">{t('form.registeredPoor')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
      </Card>

      {mode === 'create' ? (
        <Form.List name="members">
          {(fields, { add, remove }) => (
            <Card title={t('form.section.members')} className="section-card" extra={<Tag>{fields.length}</Tag>} data-testid="members-card">
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  size="small"
                  className="member-card"
                  title={t('form.member', { n: i + 1 })}
                  data-testid={`member-${field.name}`}
                  extra={
                    fields.length > 1 && (
                      <Button type="text" danger size="small" icon={<DeleteOutlined />} onClick={() => remove(field.name)}>
                        {t('form.removeMember')}
                      </Button>
                    )
                  }
                >
                  <MemberFields form={form} itemPrefix={[field.name]} absPrefix={['members', field.name]} testId={`member-${field.name}`} />
                </Card>
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                style={{ marginTop: 16 }}
                onClick={() => add(emptyMember(undefined))}
                disabled={fields.length >= 30}
                data-testid="add-member"
              >
                {t('form.addMember')}
              </Button>
            </Card>
          )}
        </Form.List>
      ) : (
        <Alert type="info" showIcon title={t('form.editMembersHint')} className="section-card" />
      )}

      <IncomeFields form={form} members={props.members} />
      <AssetFields />

      <div className="form-footer">
        <Button onClick={props.onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={props.submitting} data-testid="household-submit">
          {mode === 'create' ? t('form.submitCreate') : t('form.submitEdit')}
        </Button>
      </div>
    </Form>
  );
}
