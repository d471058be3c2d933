import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Form, Input, InputNumber, Radio, Row, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../../components/date-field.tsx';

/**
 * 家庭经济状况调查: at least two investigators and the four methods (home visit, neighbour visits, written evidence,
 * data check). The server enforces the rules; the form lays them out so they are hard to miss.
 */
export function InvestigationFields() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const result = Form.useWatch(['dataCheck', 'result'], form);
  return (
    <>
      <Alert type="info" showIcon title={t('cases.form.methods')} style={{ marginBottom: 16 }} />
      <Form.Item label={t('cases.form.investigators')} required>
        <Form.List name="investigators">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('cases.form.required') }]} noStyle>
                    <Input placeholder={t('cases.form.investigatorName')} maxLength={50} style={{ width: 200 }} data-testid={`f-investigator-${i}`} />
                  </Form.Item>
                  {fields.length > 2 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '' })}>
                {t('cases.form.addInvestigator')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="investigatedOn" label={t('cases.form.investigatedOn')} rules={[{ required: true, message: t('cases.form.required') }]}>
            <DateField data-testid="f-investigatedOn" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={['dataCheck', 'result']} label={t('cases.form.dataCheck')}>
            <Radio.Group data-testid="f-dataCheck">
              <Radio value="eligible">{t('cases.form.dataCheckEligible')}</Radio>
              <Radio value="ineligible" data-testid="f-dataCheck-ineligible">
                {t('cases.form.dataCheckIneligible')}
              </Radio>
            </Radio.Group>
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={['dataCheck', 'checkedOn']} label={t('cases.form.checkedOn')} rules={[{ required: true, message: t('cases.form.required') }]}>
            <DateField data-testid="f-checkedOn" />
          </Form.Item>
        </Col>
      </Row>
      {result === 'ineligible' ? (
        <Form.Item name="dataCheckReasons" label={t('cases.form.dataCheckReasons')} rules={[{ required: true, whitespace: true, message: t('cases.form.required') }]}>
          <Input.TextArea rows={3} placeholder={t('cases.form.reasonsPlaceholder')} data-testid="f-dataCheckReasons" />
        </Form.Item>
      ) : (
        <>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="homeVisitOn" label={t('cases.form.homeVisitOn')} rules={[{ required: true, message: t('cases.form.required') }]}>
                <DateField data-testid="f-homeVisitOn" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="neighbourVisits" label={t('cases.form.neighbourVisits')} rules={[{ required: true, message: t('cases.form.required') }]}>
                <InputNumber min={0} max={100} style={{ width: '100%' }} data-testid="f-neighbourVisits" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="writtenEvidence" label={t('cases.form.writtenEvidence')} extra={t('cases.form.reasonsPlaceholder')}>
            <Input.TextArea rows={2} data-testid="f-writtenEvidence" />
          </Form.Item>
        </>
      )}
      <Form.Item name="findings" label={t('cases.form.findings')}>
        <Input.TextArea rows={2} maxLength={2000} data-testid="f-findings" />
      </Form.Item>
    </>
  );
}
