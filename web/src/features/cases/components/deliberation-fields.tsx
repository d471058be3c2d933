import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Col, Form, Input, Radio, Row, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { PARTICIPANT_CATEGORIES } from '#contracts/cases.ts';
import { countParticipants, type Participant, representativesSuffice } from './step-form-model.ts';
import { DateField } from '../../../components/date-field.tsx';

/** 民主评议: participants by category, the "representatives ≥ 2/3" rule shown as they are typed, conclusion, signature. */
export function DeliberationFields() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const participants = Form.useWatch('participants', form) as Participant[] | undefined;
  const { total, reps } = countParticipants(participants);
  const ok = representativesSuffice({ total, reps });
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="heldOn" label={t('cases.form.heldOn')} rules={[{ required: true, message: t('cases.form.required') }]}>
            <DateField data-testid="f-heldOn" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('cases.form.participants')} required>
        <Form.List
          name="participants"
          rules={[
            {
              validator: async (_, ps: Participant[] | undefined) => {
                if (!representativesSuffice(countParticipants(ps))) throw new Error(t('cases.form.twoThirdsBad'));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('cases.form.required') }]} noStyle>
                    <Input placeholder={t('cases.form.participantName')} maxLength={50} style={{ width: 180 }} data-testid={`f-participant-${i}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'category']} noStyle>
                    <Select
                      style={{ width: 160 }}
                      options={PARTICIPANT_CATEGORIES.map((c) => ({ value: c, label: t(`cases.form.categories.${c}`) }))}
                      data-testid={`f-participant-${i}-category`}
                    />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Space wrap>
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', category: 'villager_representative' })} data-testid="f-add-participant">
                  {t('cases.form.addParticipant')}
                </Button>
              </Space>
              <Form.ErrorList errors={errors} />
            </Space>
          )}
        </Form.List>
      </Form.Item>
      <Alert
        type={total === 0 ? 'info' : ok ? 'success' : 'error'}
        showIcon
        style={{ marginBottom: 16 }}
        data-testid="two-thirds"
        data-ok={String(ok)}
        title={t('cases.form.twoThirds', { reps, total })}
        description={total === 0 ? undefined : ok ? t('cases.form.twoThirdsOk') : t('cases.form.twoThirdsBad')}
      />
      <Form.Item name="conclusion" label={t('cases.form.conclusion')}>
        <Radio.Group>
          <Radio value="agree">{t('cases.form.agree')}</Radio>
          <Radio value="disagree">{t('cases.form.disagree')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="conclusionText" label={t('cases.form.conclusionText')}>
        <Input.TextArea rows={2} maxLength={2000} data-testid="f-conclusionText" />
      </Form.Item>
      <Form.Item name="signed" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('cases.apply.mustConfirm')))) }]}>
        <Checkbox data-testid="f-signed">{t('cases.form.signed')}</Checkbox>
      </Form.Item>
    </>
  );
}
