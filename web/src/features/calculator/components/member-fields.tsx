import { DeleteOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { DISABILITY_OPTIONS, RELATION_OPTIONS, STATUS_OPTIONS, SUPPORTER_OPTIONS } from './situation-form-model.ts';
import { DateField } from '../../../components/date-field.tsx';

/** One member of the situation: identity (ID number or birth date) and the facts the rules read. */
export function MemberFields({ index, onRemove }: { index: number; onRemove?: () => void }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  // The name is shown, not edited: no field holds it, so read it from the whole store.
  const name = Form.useWatch(['members', index, 'name'], { form, preserve: true }) as string | undefined;
  const tid = (f: string) => ({ 'data-testid': `member-${index}-${f}` });
  // Tekun assesses one member (the applicant): its labour capacity, self-care and supporters must be known (特困人员认定).
  const program = Form.useWatch('program', { form, preserve: true }) as string | undefined;
  const applicant = (Form.useWatch('applicant', { form, preserve: true }) as number | undefined) ?? 0;
  const tekunAssessed = program === 'tekun' && applicant === index;
  const tekunRule = tekunAssessed ? [{ required: true, message: t('calculator.tekunNeeds') }] : [];
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={`${t('calculator.member', { n: index + 1 })}${name ? ` · ${name}` : ''}`}
      extra={onRemove && <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('common.remove')} {...tid('remove')} />}
      data-testid={`member-${index}`}
    >
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name={[index, 'idNumber']} label={t('calculator.idNumber')} tooltip={t('calculator.idOrBirth')}>
            <Input maxLength={18} allowClear {...tid('idNumber')} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name={[index, 'birthDate']} label={t('calculator.birthDate')}>
            <DateField {...tid('birthDate')} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name={[index, 'relation']} label={t('calculator.relation')}>
            <Select options={RELATION_OPTIONS.map((r) => ({ value: r, label: t(`registry.relation.${r}`) }))} {...tid('relation')} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={[index, 'laborCapacity']} label={t('calculator.laborCapacity')} rules={tekunRule}>
            <Select options={(['full', 'partial', 'none'] as const).map((l) => ({ value: l, label: t(`registry.labor.${l}`) }))} {...tid('laborCapacity')} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name={[index, 'disabilityKind']} label={t('calculator.disability')}>
            <Select
              allowClear
              placeholder={t('common.none')}
              options={DISABILITY_OPTIONS.map((d) => ({ value: d, label: t(`registry.disability.${d}`) }))}
              {...tid('disabilityKind')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={3}>
          <Form.Item name={[index, 'disabilityGrade']} label={t('calculator.grade')}>
            <Select allowClear options={[1, 2, 3, 4].map((g) => ({ value: g, label: t(`registry.grade.${g}`) }))} {...tid('disabilityGrade')} />
          </Form.Item>
        </Col>
        <Col xs={12} md={3}>
          <Form.Item name={[index, 'seriousIllness']} label={t('calculator.seriousIllness')} valuePropName="checked">
            <Switch size="small" {...tid('seriousIllness')} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name={[index, 'selfCareFailed']} label={t('calculator.selfCareFailed')} tooltip={t('calculator.selfCareHint')} rules={tekunRule}>
            <InputNumber min={0} max={6} precision={0} placeholder={t('calculator.notAssessed')} style={{ width: '100%' }} {...tid('selfCareFailed')} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name={[index, 'supporter']} label={t('calculator.supporter')} rules={tekunRule}>
            <Select
              allowClear
              placeholder={t('calculator.notAssessed')}
              options={SUPPORTER_OPTIONS.map((s) => ({ value: s, label: t(`calculator.supporters.${s}`) }))}
              {...tid('supporter')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name={[index, 'status']} label={t('calculator.status')}>
            <Select options={STATUS_OPTIONS.map((s) => ({ value: s, label: t(`calculator.statuses.${s}`) }))} {...tid('status')} />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
