import { Button, Checkbox, Form, Input, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DISABILITY_KINDS, type HouseholdDetail, INCOME_KINDS, LABOR_CAPACITIES, MEMBER_JOIN_REASONS, MEMBER_LEAVE_REASONS, RELATIONS } from '#contracts/registry.ts';
import { DateField } from '../../../components/date-field.tsx';

/**
 * 家庭情况变化 The investigation's record of what changed in the household (issue 11 point 10): its members and incomes
 * as the registry holds them, to change where the visit found otherwise — a member's labour capacity, disability or
 * serious illness, a member who left (why, and the day), a member who joined, the incomes. Sent with the investigation;
 * the registry's own rules check them on the server.
 */
export function ReviewHouseholdChanges({ household }: { household: HouseholdDetail }) {
  const { t } = useTranslation();
  const options = (keys: readonly string[], prefix: string) => keys.map((k) => ({ value: k, label: t(`${prefix}.${k}`) }));
  const members = Form.useWatch('members') as { leave?: boolean; disabilityKind?: string }[] | undefined;
  const owners = [{ value: '', label: t('reviews.changes.household') }, ...household.members.map((m) => ({ value: m.id, label: m.name }))];
  return (
    <div data-testid="review-household-changes">
      <Typography.Title level={5}>{t('reviews.changes.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('reviews.changes.hint')}</Typography.Paragraph>
      <Typography.Text strong>{t('reviews.changes.members')}</Typography.Text>
      {household.members.map((m, i) => (
        <div key={m.id} className="section-card" style={{ margin: '8px 0', padding: 8 }} data-testid={`chg-member-${i}`}>
          <Space wrap align="start">
            <span style={{ minWidth: 96, display: 'inline-block' }}>
              {m.name}（{t(`registry.relation.${m.relation}`)}）
            </span>
            <Form.Item name={['members', i, 'laborCapacity']} noStyle>
              <Select style={{ width: 150 }} options={options(LABOR_CAPACITIES, 'registry.labor')} disabled={members?.[i]?.leave} data-testid={`chg-member-${i}-labor`} />
            </Form.Item>
            <Form.Item name={['members', i, 'disabilityKind']} noStyle>
              <Select style={{ width: 120 }} allowClear placeholder={t('reviews.changes.noDisability')} options={options(DISABILITY_KINDS, 'registry.disability')} disabled={members?.[i]?.leave} />
            </Form.Item>
            {members?.[i]?.disabilityKind && (
              <Form.Item name={['members', i, 'disabilityGrade']} noStyle>
                <Select style={{ width: 90 }} placeholder={t('reviews.changes.grade')} options={[1, 2, 3, 4].map((g) => ({ value: g, label: t(`registry.grade.${g}`) }))} />
              </Form.Item>
            )}
            <Form.Item name={['members', i, 'seriousIllness']} valuePropName="checked" noStyle>
              <Checkbox disabled={members?.[i]?.leave}>{t('reviews.changes.seriousIllness')}</Checkbox>
            </Form.Item>
            <Form.Item name={['members', i, 'leave']} valuePropName="checked" noStyle>
              <Checkbox data-testid={`chg-member-${i}-leave`}>{t('reviews.changes.leave')}</Checkbox>
            </Form.Item>
          </Space>
          {members?.[i]?.leave && (
            <Space wrap style={{ marginTop: 8 }}>
              <Form.Item name={['members', i, 'leaveReason']} label={t('reviews.changes.leaveReason')} rules={[{ required: true, message: t('reviews.changes.required') }]} style={{ marginBottom: 0 }}>
                <Select style={{ width: 120 }} options={options(MEMBER_LEAVE_REASONS, 'reviews.leaveReason')} />
              </Form.Item>
              <Form.Item name={['members', i, 'leftOn']} label={t('reviews.changes.leftOn')} rules={[{ required: true, message: t('reviews.changes.required') }]} style={{ marginBottom: 0 }}>
                <DateField />
              </Form.Item>
            </Space>
          )}
        </div>
      ))}
      <Form.List name="added">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} wrap className="section-card" style={{ margin: '8px 0', padding: 8 }}>
                <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('reviews.changes.required') }]} noStyle>
                  <Input style={{ width: 100 }} placeholder={t('reviews.changes.name')} />
                </Form.Item>
                <Form.Item name={[f.name, 'idNumber']} rules={[{ required: true, whitespace: true, message: t('reviews.changes.required') }]} noStyle>
                  <Input style={{ width: 190 }} placeholder={t('reviews.changes.idNumber')} />
                </Form.Item>
                <Form.Item name={[f.name, 'relation']} rules={[{ required: true, message: t('reviews.changes.required') }]} noStyle>
                  <Select style={{ width: 110 }} placeholder={t('reviews.changes.relation')} options={options(RELATIONS.filter((r) => r !== 'head'), 'registry.relation')} />
                </Form.Item>
                <Form.Item name={[f.name, 'laborCapacity']} rules={[{ required: true, message: t('reviews.changes.required') }]} noStyle>
                  <Select style={{ width: 150 }} placeholder={t('reviews.changes.labor')} options={options(LABOR_CAPACITIES, 'registry.labor')} />
                </Form.Item>
                <Form.Item name={[f.name, 'reason']} rules={[{ required: true, message: t('reviews.changes.required') }]} noStyle>
                  <Select style={{ width: 110 }} placeholder={t('reviews.changes.joinReason')} options={options(MEMBER_JOIN_REASONS, 'reviews.joinReason')} />
                </Form.Item>
                <Button type="link" onClick={() => remove(f.name)}>
                  {t('reviews.changes.remove')}
                </Button>
              </Space>
            ))}
            <Button size="small" onClick={() => add({})} style={{ margin: '4px 0 12px' }} data-testid="chg-add-member">
              {t('reviews.changes.addMember')}
            </Button>
          </>
        )}
      </Form.List>
      <div>
        <Typography.Text strong>{t('reviews.changes.incomes')}</Typography.Text>
      </div>
      <Form.List name="incomes">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Space key={f.key} wrap style={{ margin: '6px 0' }} data-testid={`chg-income-${i}`}>
                <Form.Item name={[f.name, 'kind']} noStyle>
                  <Select style={{ width: 170 }} options={options(INCOME_KINDS, 'registry.income')} />
                </Form.Item>
                <Form.Item name={[f.name, 'personId']} noStyle>
                  <Select style={{ width: 110 }} options={owners} />
                </Form.Item>
                <Form.Item name={[f.name, 'annualYuan']} rules={[{ required: true, whitespace: true, message: t('reviews.changes.required') }]} noStyle>
                  <Input style={{ width: 130 }} suffix={t('reviews.changes.perYear')} data-testid={`chg-income-${i}-amount`} />
                </Form.Item>
                <Button type="link" onClick={() => remove(f.name)}>
                  {t('reviews.changes.remove')}
                </Button>
              </Space>
            ))}
            <div>
              <Button size="small" onClick={() => add({ kind: 'wage', personId: '', annualYuan: '' })} data-testid="chg-add-income">
                {t('reviews.changes.addIncome')}
              </Button>
            </div>
          </>
        )}
      </Form.List>
    </div>
  );
}
