import { Button, Card, Checkbox, Divider, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SCREENING_METHODS } from '#contracts/screening.ts';
import { DateField } from '../../../components/date-field.tsx';

/**
 * 填写台账 The fields of a ledger row's fill — the methods used (method, date, staff) and the findings (income, assets,
 * vehicles, each member's labour capacity, disability and illness, a note) — as the row drawer shows them and as the
 * phone's offline verification visit records them (ADR 0035, ADR 0051 amended). Values are `FillValues`
 * (row-form-model.ts); the members' cards in the order of `memberNames`.
 */
export function RowFillFields({ memberNames }: { memberNames: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <>
    <Divider>{t('screening.drawer.methods')}</Divider>
    <Form.List name="methods">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f) => (
            <Card key={f.key} size="small" style={{ marginBottom: 8 }}>
              <Space wrap align="start">
                <Form.Item name={[f.name, 'method']} rules={[{ required: true }]} style={{ minWidth: 140 }}>
                  <Select options={SCREENING_METHODS.map((m) => ({ value: m, label: t(`screening.method.${m}`) }))} data-testid={`method-kind-${f.name}`} />
                </Form.Item>
                <Form.Item name={[f.name, 'date']} rules={[{ required: true }]}>
                  <DateField data-testid={`method-date-${f.name}`} />
                </Form.Item>
                <Form.Item name={[f.name, 'staff']} rules={[{ required: true }]}>
                  <Input placeholder={t('screening.drawer.staff')} data-testid={`method-staff-${f.name}`} />
                </Form.Item>
                <Button onClick={() => remove(f.name)} danger type="link">
                  ×
                </Button>
              </Space>
            </Card>
          ))}
          <Button onClick={() => add({ method: 'home_visit' })} data-testid="method-add">
            {t('screening.drawer.addMethod')}
          </Button>
        </>
      )}
    </Form.List>
    <Divider>{t('screening.drawer.findings')}</Divider>
    <Space wrap>
      <Form.Item name="income" label={t('screening.drawer.income')}>
        <Input inputMode="decimal" style={{ width: 160 }} data-testid="finding-income" />
      </Form.Item>
      <Form.Item name="assets" label={t('screening.drawer.assets')}>
        <Input inputMode="decimal" style={{ width: 160 }} data-testid="finding-assets" />
      </Form.Item>
      <Form.Item name="vehicles" label={t('screening.drawer.vehicles')}>
        <InputNumber min={0} max={100} />
      </Form.Item>
    </Space>
    <Typography.Text strong>{t('screening.drawer.memberFindings')}</Typography.Text>
    <Form.List name="members">
      {(fields) =>
        fields.map((f, i) => (
          <Card key={f.key} size="small" title={memberNames[i]} style={{ marginTop: 8 }} data-testid={`finding-member-${i}`}>
            <Form.Item name={[f.name, 'personKey']} hidden>
              <Input />
            </Form.Item>
            <Form.Item name={[f.name, 'kind']} hidden>
              <Input />
            </Form.Item>
            <Space wrap>
              <Form.Item name={[f.name, 'laborCapacity']} style={{ minWidth: 170 }}>
                <Select options={(['full', 'partial', 'none'] as const).map((l) => ({ value: l, label: t(`screening.labor.${l}`) }))} data-testid={`finding-labor-${i}`} />
              </Form.Item>
              <Form.Item name={[f.name, 'grade']} style={{ minWidth: 120 }}>
                <Select
                  options={[{ value: 0, label: t('screening.drawer.noDisability') }, ...[1, 2, 3, 4].map((g) => ({ value: g, label: t('screening.drawer.grade', { grade: g }) }))]}
                  data-testid={`finding-grade-${i}`}
                />
              </Form.Item>
              <Form.Item name={[f.name, 'seriousIllness']} valuePropName="checked">
                <Checkbox>{t('screening.drawer.seriousIllness')}</Checkbox>
              </Form.Item>
              <Form.Item name={[f.name, 'ownIncome']} label={t('screening.drawer.ownIncome')}>
                <Input inputMode="decimal" style={{ width: 140 }} />
              </Form.Item>
            </Space>
          </Card>
        ))
      }
    </Form.List>
    <Form.Item name="note" label={t('screening.drawer.note')} style={{ marginTop: 8 }}>
      <Input.TextArea rows={2} maxLength={1000} />
    </Form.Item>
    </>
  );
}
