import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Divider, Empty, Form, type FormInstance, InputNumber, Radio, Row, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AreaView } from '#contracts/policy.ts';
import { CATEGORY_WORDS, EMERGENCY_CATEGORIES, EXPENDITURE_CATEGORIES } from '#contracts/temporary.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { MemberFields } from './member-fields.tsx';
import { blankMember, INCOME_OPTIONS, PROGRAM_OPTIONS, type SituationFormValues } from './situation-form-model.ts';
import { DateField } from '../../../components/date-field.tsx';

interface Props {
  form: FormInstance<SituationFormValues>;
  counties: AreaView[];
  initialValues: SituationFormValues;
  onFinish: (v: SituationFormValues) => void;
}

/** The situation as a form: programme, month, county, household, and the programme's own inputs. */
export function SituationForm({ form, counties, initialValues, onFinish }: Props) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const program = Form.useWatch('program', form) ?? initialValues.program;
  const unit = Form.useWatch('unit', form);
  const heatingMode = Form.useWatch('heatingMode', form);
  const temporaryType = Form.useWatch('temporaryType', form) ?? initialValues.temporaryType;
  const members = (Form.useWatch('members', { form, preserve: true }) ?? []) as SituationFormValues['members'];
  const memberOptions = members.map((m, i) => ({ value: i, label: `${t('calculator.member', { n: i + 1 })}${m?.name ? ` · ${m.name}` : ''}` }));
  const needsApplicant = program === 'tekun' || (program === 'dibao' && unit === 'individual');

  return (
    <Form<SituationFormValues> form={form} layout="vertical" initialValues={initialValues} onFinish={onFinish} data-testid="calc-form">
      <Form.Item name="program" label={t('calculator.program')}>
        <Radio.Group optionType="button" buttonStyle="solid" options={PROGRAM_OPTIONS.map((p) => ({ value: p, label: t(`calculator.programs.${p}`) }))} data-testid="calc-program" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={12} md={5}>
          <Form.Item name="month" label={t('calculator.month')} tooltip={t('calculator.monthHint')}>
            <DateField picker="month" data-testid="calc-month" />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name="county" label={t('calculator.county')}>
            <Select options={counties.map((c) => ({ value: c.code, label: bilingual(c.name) }))} data-testid="calc-county" />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name="hukou" label={t('calculator.hukou')}>
            <Radio.Group options={(['rural', 'urban'] as const).map((h) => ({ value: h, label: t(`registry.hukou.${h}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={3}>
          <Form.Item name="registeredPoor" label={t('calculator.registeredPoor')} valuePropName="checked">
            <Switch data-testid="calc-registeredPoor" />
          </Form.Item>
        </Col>
        {program === 'dibao' && (
          <Col xs={12} md={3}>
            <Form.Item name="unit" label={t('calculator.unit')}>
              <Select options={(['household', 'individual'] as const).map((u) => ({ value: u, label: t(`calculator.units.${u}`) }))} data-testid="calc-unit" />
            </Form.Item>
          </Col>
        )}
        {needsApplicant && (
          <Col xs={12} md={3}>
            <Form.Item name="applicant" label={t('calculator.applicant')}>
              <Select options={memberOptions} data-testid="calc-applicant" />
            </Form.Item>
          </Col>
        )}
      </Row>

      <Divider titlePlacement="start">{t('calculator.members')}</Divider>
      <Form.List name="members">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <MemberFields key={f.key} index={f.name} onRemove={fields.length > 1 ? () => remove(f.name) : undefined} />
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add(blankMember())} data-testid="calc-add-member">
              {t('calculator.addMember')}
            </Button>
          </>
        )}
      </Form.List>

      <Divider titlePlacement="start">{t('calculator.incomes')}</Divider>
      <Form.List name="incomes">
        {(fields, { add, remove }) => (
          <>
            {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calculator.noIncomes')} />}
            {fields.map((f) => (
              <Space key={f.key} align="start" wrap style={{ display: 'flex' }} data-testid={`income-${f.name}`}>
                <Form.Item name={[f.name, 'kind']} label={t('calculator.incomeKind')}>
                  <Select style={{ width: 200 }} options={INCOME_OPTIONS.map((k) => ({ value: k, label: t(`registry.income.${k}`) }))} data-testid={`income-${f.name}-kind`} />
                </Form.Item>
                <Form.Item name={[f.name, 'annual']} label={t('calculator.annual')}>
                  <InputNumber min={0} precision={2} style={{ width: 160 }} data-testid={`income-${f.name}-annual`} />
                </Form.Item>
                <Form.Item name={[f.name, 'member']} label={t('calculator.earner')}>
                  <Select allowClear placeholder={t('calculator.wholeHousehold')} style={{ width: 180 }} options={memberOptions} data-testid={`income-${f.name}-member`} />
                </Form.Item>
                <Form.Item label=" ">
                  <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.remove')} />
                </Form.Item>
              </Space>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'wage', annual: null, member: null })} data-testid="calc-add-income">
              {t('calculator.addIncome')}
            </Button>
          </>
        )}
      </Form.List>

      <Divider titlePlacement="start">{t('calculator.assets')}</Divider>
      <Space wrap>
        <Form.Item name="financial" label={t('calculator.financial')}>
          <InputNumber min={0} precision={2} style={{ width: 180 }} data-testid="calc-financial" />
        </Form.Item>
        <Form.Item name="vehicles" label={t('calculator.vehicles')}>
          <InputNumber min={0} precision={0} style={{ width: 140 }} data-testid="calc-vehicles" />
        </Form.Item>
      </Space>

      {program === 'heating' && (
        <Space wrap>
          <Form.Item name="heatingMode" label={t('calculator.heatingMode')}>
            <Radio.Group options={(['dispersed', 'central'] as const).map((m) => ({ value: m, label: t(`calculator.heatingModes.${m}`) }))} data-testid="calc-heatingMode" />
          </Form.Item>
          {heatingMode === 'central' && (
            <Form.Item name="heatingArea" label={t('calculator.heatingArea')}>
              <InputNumber min={0} precision={2} style={{ width: 160 }} data-testid="calc-heatingArea" />
            </Form.Item>
          )}
        </Space>
      )}
      {program === 'temporary' && (
        <Space wrap>
          <Form.Item name="temporaryType" label={t('calculator.temporaryType')}>
            <Radio.Group
              options={(['emergency', 'expenditure'] as const).map((x) => ({ value: x, label: t(`calculator.temporaryTypes.${x}`) }))}
              onChange={() => form.setFieldValue('temporaryCategory', undefined)}
              data-testid="calc-temporaryType"
            />
          </Form.Item>
          <Form.Item name="temporaryCategory" label={t('calculator.category')} tooltip={t('calculator.categoryHint')}>
            <Select
              allowClear
              placeholder={t('calculator.categoryAny')}
              options={(temporaryType === 'expenditure' ? EXPENDITURE_CATEGORIES : EMERGENCY_CATEGORIES).map((c) => ({ value: c, label: bilingual(CATEGORY_WORDS[c]) }))}
              style={{ width: 180 }}
              data-testid="calc-temporaryCategory"
            />
          </Form.Item>
          <Form.Item name="temporaryNeed" label={t('calculator.need')}>
            <InputNumber min={0} precision={2} style={{ width: 160 }} data-testid="calc-need" />
          </Form.Item>
        </Space>
      )}
    </Form>
  );
}
