import { App, Breadcrumb, Form, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { HouseholdDetail } from '#contracts/registry.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { useHousehold } from '../api/get-household.ts';
import { updateHouseholdSchema, useUpdateHousehold } from '../api/update-household.ts';
import { HouseholdForm } from './household-form.tsx';
import { fromDetail, type HouseholdFormValues, toUpdateBody } from './household-form-model.ts';
import { NoPermission } from '../../../components/no-permission.tsx';
import { useFormErrors } from './use-form-errors.ts';

function EditForm({ detail, onReloaded }: { detail: HouseholdDetail; onReloaded: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<HouseholdFormValues>();
  const errors = useFormErrors(form);
  const update = useUpdateHousehold(detail.countyCode, detail.id);
  const back = `/registry/${detail.countyCode}/${detail.id}`;

  const onFinish = (values: HouseholdFormValues) => {
    const parsed = updateHouseholdSchema.safeParse(toUpdateBody(values, detail.version));
    if (!parsed.success) return errors.showIssues(parsed.error.issues);
    update.mutate(parsed.data, {
      onSuccess: () => {
        void message.success(t('form.saved'));
        navigate(back);
      },
      onError: (e) => errors.showServerError(e),
    });
  };

  return (
    <HouseholdForm
      form={form}
      mode="edit"
      rootCode={user.areaCode}
      initialValues={fromDetail(detail)}
      members={detail.members.map((m, index) => ({ index, name: m.name }))}
      error={update.error}
      submitting={update.isPending}
      onFinish={onFinish}
      onCancel={() => navigate(back)}
      onReload={() => void onReloaded()}
    />
  );
}

export default function HouseholdEditPage() {
  const { t } = useTranslation();
  const { county = '', id = '' } = useParams();
  const canWrite = useCan('registry.write');
  const q = useHousehold(county, id);

  if (!canWrite) return <NoPermission />;
  const head = q.data?.headName ?? '';
  return (
    <>
      <PageHeader
        breadcrumb={
          <Breadcrumb
            items={[
              { title: <Link to="/registry">{t('registry.listTitle')}</Link> },
              { title: <Link to={`/registry/${county}/${id}`}>{head || t('detail.title')}</Link> },
              { title: t('form.editTitle') },
            ]}
          />
        }
        title={t('form.editTitle')}
        subtitle={head}
      />
      {q.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : q.isError ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        // A new version (after a conflict and reload) remounts the form with the latest values and no error.
        <EditForm key={q.data.version} detail={q.data} onReloaded={() => q.refetch()} />
      )}
    </>
  );
}
