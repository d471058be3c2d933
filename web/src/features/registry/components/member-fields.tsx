import { Checkbox, Col, Form, type FormInstance, Input, Radio, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { parseIdNumber } from '#kernel/id-number.ts';
import { ageOn, chinaDateOf, type PlainDate } from '#kernel/plain-date.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useRegistryOptions } from './use-options.ts';

type Path = (string | number)[];

interface Props {
  form: FormInstance;
  /** Names of this member's fields relative to the enclosing Form.List (or [] in a one-member form). */
  itemPrefix: Path;
  /** The same fields' absolute path in the form, for watching their values. */
  absPrefix: Path;
  /** Prefix of test ids, e.g. `member-0`. */
  testId: string;
  /** In a drawer the fields sit two to a row whatever the window width. */
  narrow?: boolean;
  /**
   * Editing a saved member: the ID number as the server showed it, masked (ADR 0012), with the birth date and sex it
   * stands for. Left unchanged it keeps the stored number; to change it, the whole new number is typed.
   */
  kept?: { idNumber: string; birthDate: string; sex: 'M' | 'F' };
}

/** Birth date, sex and age as the ID number states them: shown, never typed (GB 11643). */
function DerivedFromId({ form, absPrefix, testId, kept }: Pick<Props, 'form' | 'absPrefix' | 'testId' | 'kept'>) {
  const { t } = useTranslation();
  const id: string | undefined = Form.useWatch([...absPrefix, 'idNumber'], form);
  const today = chinaDateOf(new Date());
  const r = id ? parseIdNumber(id, { today }) : null;
  const born = kept && id === kept.idNumber ? { birthDate: kept.birthDate as PlainDate, sex: kept.sex } : r?.ok === true ? r.value : null;
  const text = born ? t('form.idDerived', { date: born.birthDate, sex: t(`registry.sex.${born.sex}`), age: ageOn(born.birthDate, today) }) : '';
  return (
    <Form.Item label={`${t('form.birthDate')} / ${t('form.sex')}`}>
      <Input value={text} placeholder={t('form.derivedPending')} readOnly disabled data-testid={`${testId}-derived`} />
    </Form.Item>
  );
}

export function MemberFields({ form, itemPrefix, absPrefix, testId, narrow, kept }: Props) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const o = useRegistryOptions();
  const n = (field: string): Path => [...itemPrefix, field];
  const kind = Form.useWatch([...absPrefix, 'disabilityKind'], form);
  const col = (wide: { xs?: number; md?: number; xl?: number }) => (narrow ? { span: 12 } : wide);

  return (
    <>
      <Row gutter={16}>
        <Col {...col({ xs: 24, md: 12, xl: 7 })}>
          <Form.Item
            name={n('idNumber')}
            label={t('form.idNumber')}
            extra={kept ? t('reveal.keptHint') : undefined}
            hasFeedback
            validateFirst
            normalize={(v: string) => v?.toUpperCase().replace(/\s/g, '')}
            rules={[
              { required: true, message: t('form.idRequired') },
              {
                // The kernel's GB 11643 check, so the message matches the server's word for word.
                validator: async (_, value: string) => {
                  if (!value || (kept && value === kept.idNumber)) return;
                  const r = parseIdNumber(value, { today: chinaDateOf(new Date()) });
                  if (!r.ok) throw new Error(bilingual(r.error.message));
                },
              },
            ]}
          >
            <Input maxLength={kept ? 20 : 18} className="mono" autoComplete="off" data-testid={`${testId}-idNumber`} />
          </Form.Item>
        </Col>
        <Col {...col({ xs: 24, md: 12, xl: 5 })}>
          <Form.Item name={n('name')} label={t('form.name')} rules={[{ required: true, whitespace: true, message: t('form.nameRequired') }, { max: 50 }]}>
            <Input autoComplete="off" data-testid={`${testId}-name`} />
          </Form.Item>
        </Col>
        <Col {...col({ xs: 24, md: 12, xl: 5 })}>
          <Form.Item name={n('relation')} label={t('form.relation')} rules={[{ required: true, message: t('form.relationRequired') }]}>
            <Select options={o.relations} data-testid={`${testId}-relation`} />
          </Form.Item>
        </Col>
        <Col {...col({ xs: 24, md: 12, xl: 7 })}>
          <DerivedFromId form={form} absPrefix={absPrefix} testId={testId} kept={kept} />
        </Col>
      </Row>
      <Row gutter={16}>
        <Col {...col({ xs: 24, md: 12, xl: 9 })}>
          <Form.Item name={n('laborCapacity')} label={t('form.laborCapacity')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" buttonStyle="solid" options={o.labor} data-testid={`${testId}-labor`} />
          </Form.Item>
        </Col>
        <Col {...col({ xs: 12, md: 6, xl: 5 })}>
          <Form.Item name={n('disabilityKind')} label={t('form.disabilityKind')}>
            <Select
              allowClear
              placeholder={t('form.disabilityNone')}
              options={o.disabilities}
              onChange={(v) => {
                if (!v) form.setFieldValue([...absPrefix, 'disabilityGrade'], null);
              }}
              data-testid={`${testId}-disability`}
            />
          </Form.Item>
        </Col>
        <Col {...col({ xs: 12, md: 6, xl: 4 })}>
          <Form.Item
            name={n('disabilityGrade')}
            label={t('form.disabilityGrade')}
            dependencies={[n('disabilityKind')]}
            rules={[{ required: !!kind, message: t('form.disabilityGradeRequired') }]}
          >
            <Select allowClear disabled={!kind} options={o.grades} data-testid={`${testId}-grade`} />
          </Form.Item>
        </Col>
        <Col {...col({ xs: 24, md: 12, xl: 6 })}>
          <Form.Item name={n('supporterStatus')} label={t('form.supporterStatus')}>
            <Select options={o.supporters} data-testid={`${testId}-supporter`} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col {...(narrow ? { span: 24 } : { xs: 24, xl: 12 })}>
          <Form.Item name={n('selfCareFailed')} label={t('form.selfCareFailed')} tooltip={t('form.selfCareHint')}>
            <Checkbox.Group options={o.selfCare} data-testid={`${testId}-selfcare`} />
          </Form.Item>
        </Col>
        <Col {...col({ xs: 12, xl: 6 })}>
          <Form.Item name={n('seriousIllness')} valuePropName="checked" label=" " colon={false}>
            <Checkbox data-testid={`${testId}-illness`}>{t('form.seriousIllness')}</Checkbox>
          </Form.Item>
        </Col>
        <Col {...col({ xs: 12, xl: 6 })}>
          <Form.Item name={n('inSchool')} valuePropName="checked" label=" " colon={false}>
            <Checkbox data-testid={`${testId}-inSchool`}>{t('form.inSchool')}</Checkbox>
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
