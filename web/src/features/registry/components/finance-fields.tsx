import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Form, type FormInstance, type FormListFieldData, Input, InputNumber, Row, Select } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberValues } from './household-form-model.ts';
import { useRegistryOptions } from './use-options.ts';

/** Yuan as typed text, never a float: the contract's YuanString (at most two decimals). */
const YUAN_RE = /^\d{1,12}(\.\d{1,2})?$/;

function useAmountRules() {
  const { t } = useTranslation();
  return [
    { required: true, message: t('form.amountRequired') },
    { pattern: YUAN_RE, message: t('form.amountFormat') },
  ];
}

/** 家庭收入 incomes: kind, yearly amount, and optionally the member who earns it. */
export function IncomeFields({ form, members }: { form: FormInstance; members?: { index: number; name: string }[] }) {
  const { t } = useTranslation();
  const o = useRegistryOptions();
  const amountRules = useAmountRules();
  const watched: MemberValues[] | undefined = Form.useWatch('members', form);
  const people = members ?? (watched ?? []).map((m, index) => ({ index, name: m?.name?.trim() || t('form.member', { n: index + 1 }) }));

  return (
    <FinanceList name="incomes" title={t('form.section.incomes')} empty={t('form.noIncomes')} addLabel={t('form.addIncome')} newRow={{ kind: 'wage' }}>
      {(field) => (
        <>
          <Col xs={24} md={6}>
            <Form.Item name={[field.name, 'kind']} label={t('form.incomeKind')} rules={[{ required: true, message: t('form.kindRequired') }]}>
              <Select options={o.incomes} data-testid={`income-${field.name}-kind`} />
            </Form.Item>
          </Col>
          <Col xs={24} md={5}>
            <Form.Item name={[field.name, 'annualYuan']} label={t('form.annualYuan')} rules={amountRules}>
              <Input prefix="¥" inputMode="decimal" className="mono" data-testid={`income-${field.name}-amount`} />
            </Form.Item>
          </Col>
          <Col xs={24} md={5}>
            <Form.Item name={[field.name, 'personIndex']} label={t('form.incomePerson')}>
              <Select allowClear placeholder={t('form.incomePersonNone')} options={people.map((p) => ({ value: p.index, label: p.name }))} />
            </Form.Item>
          </Col>
        </>
      )}
    </FinanceList>
  );
}

/** 家庭财产 assets: kind, value and quantity. */
export function AssetFields() {
  const { t } = useTranslation();
  const o = useRegistryOptions();
  const amountRules = useAmountRules();
  return (
    <FinanceList name="assets" title={t('form.section.assets')} empty={t('form.noAssets')} addLabel={t('form.addAsset')} newRow={{ kind: 'financial', quantity: 1 }}>
      {(field) => (
        <>
          <Col xs={24} md={6}>
            <Form.Item name={[field.name, 'kind']} label={t('form.assetKind')} rules={[{ required: true, message: t('form.kindRequired') }]}>
              <Select options={o.assets} data-testid={`asset-${field.name}-kind`} />
            </Form.Item>
          </Col>
          <Col xs={24} md={5}>
            <Form.Item name={[field.name, 'valueYuan']} label={t('form.valueYuan')} rules={amountRules}>
              <Input prefix="¥" inputMode="decimal" className="mono" data-testid={`asset-${field.name}-value`} />
            </Form.Item>
          </Col>
          <Col xs={24} md={5}>
            <Form.Item name={[field.name, 'quantity']} label={t('form.quantity')} rules={[{ required: true }]}>
              <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </>
      )}
    </FinanceList>
  );
}

/**
 * One list of the household's finances (`incomes` or `assets`, data-testid `incomes-card` / `add-income` and the asset
 * equivalents): each row its own columns, then a note and a remove button; an add button below.
 */
function FinanceList(props: { name: 'incomes' | 'assets'; title: string; empty: string; addLabel: string; newRow: Record<string, unknown>; children: (field: FormListFieldData) => ReactNode }) {
  const { t } = useTranslation();
  const { name, title, empty, addLabel, newRow, children } = props;
  return (
    <Card title={title} className="section-card" data-testid={`${name}-card`}>
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <>
            {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />}
            {fields.map((field) => (
              <Row gutter={12} key={field.key} align="top">
                {children(field)}
                <Col xs={20} md={7}>
                  <Form.Item name={[field.name, 'note']} label={t('form.note')} rules={[{ max: 200 }]}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col xs={4} md={1}>
                  <Form.Item label=" " colon={false}>
                    <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.remove')} />
                  </Form.Item>
                </Col>
              </Row>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(newRow)} data-testid={name === 'incomes' ? 'add-income' : 'add-asset'}>
              {addLabel}
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  );
}
