import { Alert, App, Button, Card, Checkbox, Collapse, Descriptions, Divider, Drawer, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { RowDetail } from '#contracts/screening.ts';
import { SCREENING_CONCLUSIONS, SCREENING_REFERRALS } from '#contracts/screening.ts';
import { ExplanationTrace, ReasonLines } from '../../../components/amount-explanation.tsx';
import { ErrorResult } from '../../../components/error-result.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { chinaDateTime } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { OwnerFilesCard } from '../../cases/components/owner-files-card.tsx';
import { useConcludeRow, useFillRow, useRow } from '../api/screening.ts';
import { type ConcludeValues, concludeBody, type FillValues, fillBody, memberInitial, opensCase } from './row-form-model.ts';
import { RowFillFields } from './row-fill-fields.tsx';

type Member = RowDetail['members'][number];

/** 台账记录: the office's members, the methods and findings (filled on a phone as well), the assessment, the conclusion. */
export function RowDrawer(props: { county: string; campaignId: string; rowCounty: string; hhNo: string; onClose: () => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const q = useRow(props.county, props.campaignId, props.rowCounty, props.hhNo);
  const fill = useFillRow(props.county, props.campaignId);
  const conclude = useConcludeRow(props.county, props.campaignId);
  const [form] = Form.useForm();
  const [cform] = Form.useForm();
  const conclusion = Form.useWatch('conclusion', cform);
  const caseKind = Form.useWatch('kind', cform);
  const [width, setWidth] = useState(() => Math.min(760, window.innerWidth));
  useEffect(() => {
    const on = () => setWidth(Math.min(760, window.innerWidth));
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  const r = q.data;
  useEffect(() => {
    if (!r) return;
    form.setFieldsValue({
      methods: r.methods.map((m) => ({ method: m.method, date: m.date, staff: m.staff.join('、') })),
      income: r.findings?.incomeAnnualPerCapitaYuan ?? '',
      assets: r.findings?.financialAssetsYuan ?? '0',
      vehicles: r.findings?.vehicles ?? 0,
      note: r.findings?.note ?? '',
      members: r.members.map((m) => memberInitial(r, m)),
    });
  }, [r, form]);

  const fail = (e: unknown) => message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
  const save = async () => {
    if (!r) return;
    const body = fillBody(r.version, (await form.validateFields()) as FillValues);
    try {
      await fill.mutateAsync({ rowCounty: props.rowCounty, hhNo: props.hhNo, body });
      message.success(t('screening.drawer.saved'));
    } catch (e) {
      fail(e);
    }
  };
  const doConclude = async () => {
    if (!r) return;
    const v = (await cform.validateFields()) as ConcludeValues;
    try {
      const after = await conclude.mutateAsync({ rowCounty: props.rowCounty, hhNo: props.hhNo, body: concludeBody(r.version, v) });
      if (after.case) {
        message.success(t('screening.drawer.caseOpened'));
        void navigate(`/cases/${after.case.countyCode}/${after.case.id}`);
      }
    } catch (e) {
      fail(e);
    }
  };

  const memberName = (key: string | null) => r?.members.find((m) => m.personKey === key)?.name ?? '';
  return (
    <Drawer open width={width} onClose={props.onClose} title={r ? t('screening.drawer.title', { head: r.headName }) : ''} destroyOnHidden data-testid="screening-row-drawer">
      {q.isError && <ErrorResult error={q.error} onRetry={() => void q.refetch()} />}
      {r && (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('screening.rowCol.hhNo')}>{r.hhNo}</Descriptions.Item>
            <Descriptions.Item label={t('screening.rowCol.village')}>{`${r.townshipName} ${r.villageName}`}</Descriptions.Item>
            <Descriptions.Item label={t('screening.rowCol.attribute')}>{t(`screening.attribute.${r.attribute}`)}</Descriptions.Item>
            <Descriptions.Item label={t('screening.rowCol.status')}>
              {t(`screening.status.${r.status}`)}
              {r.exitYear ? `（${t('screening.exitYear', { year: r.exitYear })}）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('screening.rowCol.covered')}>
              {r.coveredAtOpen.length > 0 ? r.coveredAtOpen.map((p) => <Tag key={p} color="green">{t(`screening.program.${p}`)}</Tag>) : t('screening.notCovered')}
            </Descriptions.Item>
          </Descriptions>
          <Divider>{t('screening.drawer.members')}</Divider>
          <Table
            size="small"
            rowKey="personKey"
            pagination={false}
            scroll={{ x: 420 }}
            dataSource={r.members}
            columns={[
              { title: t('screening.rowCol.head'), dataIndex: 'name' },
              { title: t('screening.drawer.disabilityGrade'), key: 'h', render: (_, m: Member) => `${t(`screening.health.${m.health}`)}${m.disabilityGrade ? ` ${t('screening.drawer.grade', { grade: m.disabilityGrade })}` : ''}` },
              { title: '', key: 'm', render: (_, m: Member) => (m.matched ? <Tag color="green">{t('screening.drawer.matched')}</Tag> : <Tag>{t('screening.drawer.unmatched')}</Tag>) },
            ]}
          />
          {!r.matched && (
            <Alert type="warning" style={{ marginTop: 12 }} showIcon message={t('screening.drawer.notRegistered')} action={<Link to={r.registryPath}>{t('screening.drawer.register')}</Link>} data-testid="screening-not-registered" />
          )}
          {r.campaignState === 'closed' && <Alert type="info" style={{ marginTop: 12 }} message={t('screening.ledger.readOnly')} />}

          <Form form={form} layout="vertical" disabled={!r.can.fill} style={{ marginTop: 16 }}>
            <RowFillFields memberNames={r.members.map((m) => m.name)} />
            {r.can.fill && (
              <Button type="primary" onClick={() => void save()} loading={fill.isPending} data-testid="screening-save">
                {t('screening.drawer.save')}
              </Button>
            )}
          </Form>

          <Divider>{t('screening.drawer.assessment')}</Divider>
          {r.assessment ? (
            <div data-testid="screening-assessment">
              <Typography.Paragraph type="secondary">{t('screening.drawer.assessmentMonth', { month: r.assessment.month })}</Typography.Paragraph>
              {r.assessment.options.map((o, i) => (
                <Card key={i} size="small" style={{ marginBottom: 8 }} data-testid={`assessment-${o.kind}-${o.eligible ? 'yes' : 'no'}`}>
                  <Space wrap>
                    <Typography.Text strong>{t(`screening.option.${o.kind}`)}</Typography.Text>
                    {o.personName && <span>{o.personName}</span>}
                    <Tag color={o.eligible ? 'green' : 'default'}>{o.eligible ? t('screening.drawer.eligible') : t('screening.drawer.notEligible')}</Tag>
                    {o.eligible && <Typography.Text data-testid="assessment-amount">{t('screening.drawer.perMonth', { amount: o.amountYuan })}</Typography.Text>}
                  </Space>
                  {o.problem && <Alert type="warning" message={bilingual(o.problem)} style={{ marginTop: 8 }} />}
                  {o.determination && (
                    <Collapse
                      ghost
                      size="small"
                      items={[
                        {
                          key: 'x',
                          label: t('screening.drawer.explain'),
                          children: (
                            <>
                              <ReasonLines reasons={o.determination.reasons} />
                              <ExplanationTrace trace={o.determination.trace} testId="screening-trace" rowTestId="screening-step" />
                            </>
                          ),
                        },
                      ]}
                    />
                  )}
                </Card>
              ))}
            </div>
          ) : (
            <Typography.Text type="secondary">{t('screening.drawer.noAssessment')}</Typography.Text>
          )}

          <Divider>{t('screening.drawer.concludeTitle')}</Divider>
          {r.conclusion ? (
            <div data-testid="screening-concluded">
              <Tag color="blue">{t('screening.drawer.concluded', { conclusion: t(`screening.conclusion.${r.conclusion}`) })}</Tag>
              {r.concludedOn && <Typography.Text type="secondary">{t('screening.drawer.concludedOn', { date: r.concludedOn })}</Typography.Text>}
              {r.conclusionDetail?.reason && <Typography.Paragraph>{r.conclusionDetail.reason}</Typography.Paragraph>}
              {r.conclusionDetail && r.conclusionDetail.referrals.length > 0 && <div>{r.conclusionDetail.referrals.map((k) => <Tag key={k}>{t(`screening.referral.${k}`)}</Tag>)}</div>}
              {r.conclusionDetail?.personKey && <div>{memberName(r.conclusionDetail.personKey)}</div>}
              {r.case && <Link to={`/cases/${r.case.countyCode}/${r.case.id}`}>{t('screening.openCase')}</Link>}
            </div>
          ) : r.can.fill ? (
            <Form form={cform} layout="vertical" initialValues={{ kind: 'dibao_household', signed: false, auth: false, relative: false }}>
              <Form.Item name="conclusion" rules={[{ required: true }]}>
                <Select placeholder={t('screening.drawer.concludeTitle')} options={SCREENING_CONCLUSIONS.map((c) => ({ value: c, label: t(`screening.conclusion.${c}`) }))} data-testid="conclusion-select" />
              </Form.Item>
              {conclusion === 'eligible' && (
                <Form.Item name="kind" label={t('screening.drawer.kind')}>
                  <Select options={(['dibao_household', 'tekun'] as const).map((k) => ({ value: k, label: t(`screening.option.${k}`) }))} />
                </Form.Item>
              )}
              {(conclusion === 'single_person' || (conclusion === 'eligible' && caseKind === 'tekun')) && (
                <Form.Item name="personKey" label={t('screening.drawer.member')} rules={[{ required: true }]}>
                  <Select options={r.members.map((m) => ({ value: m.personKey, label: m.name }))} data-testid="conclusion-member" />
                </Form.Item>
              )}
              {(conclusion === 'not_eligible' || conclusion === 'referred') && (
                <Form.Item name="reason" label={t('screening.drawer.reason')} rules={[{ required: conclusion === 'not_eligible' }]}>
                  <Input.TextArea rows={2} maxLength={500} data-testid="conclusion-reason" />
                </Form.Item>
              )}
              {conclusion === 'referred' && (
                <Form.Item name="referrals" label={t('screening.drawer.referrals')} rules={[{ required: true }]}>
                  <Checkbox.Group options={SCREENING_REFERRALS.map((k) => ({ value: k, label: t(`screening.referral.${k}`) }))} />
                </Form.Item>
              )}
              {opensCase(conclusion) && (
                <>
                  <Form.Item name="signed" valuePropName="checked" style={{ marginBottom: 4 }}>
                    <Checkbox data-testid="conclusion-signed">{t('screening.drawer.declSigned')}</Checkbox>
                  </Form.Item>
                  <Form.Item name="auth" valuePropName="checked" style={{ marginBottom: 4 }}>
                    <Checkbox data-testid="conclusion-auth">{t('screening.drawer.declAuth')}</Checkbox>
                  </Form.Item>
                  <Form.Item name="relative" valuePropName="checked">
                    <Checkbox>{t('screening.drawer.declRelative')}</Checkbox>
                  </Form.Item>
                </>
              )}
              <Button type="primary" onClick={() => void doConclude()} loading={conclude.isPending} data-testid="conclusion-submit">
                {opensCase(conclusion) ? t('screening.drawer.concludeOpen') : t('screening.drawer.conclude')}
              </Button>
            </Form>
          ) : (
            <Typography.Text type="secondary">{t('screening.pending')}</Typography.Text>
          )}
          <div style={{ marginTop: 16 }}>
            <OwnerFilesCard
              kind="ledger_row"
              path={`/api/screening/campaigns/${encodeURIComponent(props.county)}/${encodeURIComponent(props.campaignId)}/rows/${encodeURIComponent(props.rowCounty)}/${encodeURIComponent(props.hhNo)}/files`}
              canUpload={r.can.fill}
              title={t('cases.files.rowTitle')}
            />
          </div>
          {r.updated && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
              {t('screening.drawer.updated', { by: r.updated.by, at: chinaDateTime(r.updated.at) })}
            </Typography.Paragraph>
          )}
        </>
      )}
    </Drawer>
  );
}
