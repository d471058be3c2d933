import { Alert, Breadcrumb, Button, Card, Checkbox, Form, Input, Radio, Select, Skeleton } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { CASE_KIND_VALUES } from '#contracts/cases.ts';
import type { HouseholdDetail } from '#contracts/registry.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { apiRequest, isApiRequestError } from '../../../lib/api-client.ts';
import { useUser } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useQuery } from '@tanstack/react-query';
import { useApplyCase } from '../api/apply-case.ts';

type Kind = (typeof CASE_KIND_VALUES)[number];

/** The household the application is for, as the registry holds it (read through the user's area, like any read). */
function useApplicantHousehold(county: string, id: string) {
  return useQuery({
    queryKey: ['cases', 'apply-household', county, id],
    queryFn: ({ signal }) => apiRequest<HouseholdDetail>(`/api/households/${encodeURIComponent(county)}/${encodeURIComponent(id)}`, { signal }),
    enabled: Boolean(county && id),
  });
}

const mustBeTrue = (msg: string) => ({ validator: (_: unknown, v: boolean) => (v ? Promise.resolve() : Promise.reject(new Error(msg))) });

/** 申请: from a household's page, with the signed declaration, the data-check authorisation and the kinship declaration. */
export default function ApplyPage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const user = useUser();
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const county = sp.get('county') ?? '';
  const id = sp.get('household') ?? '';
  const h = useApplicantHousehold(county, id);
  const apply = useApplyCase();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as Kind | undefined;
  const staffRelative = Form.useWatch('staffRelative', form) as boolean | undefined;
  const [error, setError] = useState<string | null>(null);

  const submit = (v: { kind: Kind; applicantPersonId: string; signedDeclaration: boolean; dataCheckAuthorised: boolean; staffRelative?: boolean; staffRelativeNote?: string; onBehalf?: boolean }) => {
    setError(null);
    apply.mutate(
      { ...v, household: { countyCode: county, id }, staffRelative: Boolean(v.staffRelative), staffRelativeNote: v.staffRelativeNote || null, onBehalf: Boolean(v.onBehalf) },
      {
        onSuccess: (c) => navigate(`/cases/${c.countyCode}/${c.id}`),
        onError: (e) => setError(isApiRequestError(e) ? bilingual(e.messages) : String(e)),
      },
    );
  };

  const head = h.data?.members.find((m) => m.relation === 'head');
  return (
    <div data-testid="apply-page">
      <PageHeader
        breadcrumb={<Breadcrumb items={[{ title: <Link to="/cases">{t('cases.listTitle')}</Link> }, { title: t('cases.apply.title') }]} />}
        title={t('cases.apply.title')}
        subtitle={h.data && `${h.data.headName} · ${h.data.areaName}`}
      />
      <Card>
        {h.isPending ? (
          <Skeleton active />
        ) : h.isError ? (
          <ErrorResult error={h.error} onRetry={() => void h.refetch()} />
        ) : (
          <Form
            form={form}
            layout="vertical"
            style={{ maxWidth: 720 }}
            initialValues={{ kind: 'dibao_household', applicantPersonId: head?.id, onBehalf: user.role === 'village_assistant' }}
            onFinish={submit}
          >
            <Form.Item label={t('cases.apply.household')}>
              <Link to={`/registry/${county}/${id}`}>{`${h.data.headName} · ${h.data.areaName} · ${h.data.address}`}</Link>
            </Form.Item>
            <Form.Item name="kind" label={t('cases.apply.kind')}>
              <Radio.Group data-testid="apply-kind">
                {(['dibao_household', 'dibao_individual', 'tekun'] as const).map((k) => (
                  <Radio key={k} value={k} data-testid={`apply-kind-${k}`}>
                    {t(`cases.kinds.${k}`)}
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
            <Form.Item name="applicantPersonId" label={t('cases.apply.applicant')} extra={kind !== 'dibao_household' ? t('cases.apply.applicantHint') : undefined} rules={[{ required: true, message: t('cases.form.required') }]}>
              <Select data-testid="apply-applicant" options={h.data.members.map((m) => ({ value: m.id, label: `${m.name}（${t(`registry.relation.${m.relation}`)}）` }))} />
            </Form.Item>
            <Form.Item name="signedDeclaration" valuePropName="checked" rules={[mustBeTrue(t('cases.apply.mustConfirm'))]}>
              <Checkbox data-testid="apply-declaration">{t('cases.apply.signedDeclaration')}</Checkbox>
            </Form.Item>
            <Form.Item name="dataCheckAuthorised" valuePropName="checked" rules={[mustBeTrue(t('cases.apply.mustConfirm'))]}>
              <Checkbox data-testid="apply-authorised">{t('cases.apply.dataCheckAuthorised')}</Checkbox>
            </Form.Item>
            <Form.Item name="staffRelative" valuePropName="checked">
              <Checkbox data-testid="apply-staff-relative">{t('cases.apply.staffRelative')}</Checkbox>
            </Form.Item>
            {staffRelative && (
              <Form.Item name="staffRelativeNote" label={t('cases.apply.staffRelativeNote')}>
                <Input maxLength={200} />
              </Form.Item>
            )}
            <Form.Item name="onBehalf" valuePropName="checked">
              <Checkbox>{t('cases.apply.onBehalf')}</Checkbox>
            </Form.Item>
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="apply-error" />}
            <Button type="primary" htmlType="submit" loading={apply.isPending} data-testid="apply-submit">
              {t('cases.apply.submit')}
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
