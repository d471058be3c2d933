import { App, Breadcrumb, Form } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { divisionLevel } from '#kernel/division-code.ts';
import { chinaDateOf } from '#kernel/plain-date.ts';
import { PageHeader } from '../../../components/page-header.tsx';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { createHouseholdSchema, useCreateHousehold } from '../api/create-household.ts';
import { NoPermission } from '../../../components/no-permission.tsx';
import { HouseholdForm } from './household-form.tsx';
import { crossMemberProblems, emptyHousehold, type HouseholdFormValues, toCreateBody } from './household-form-model.ts';
import { useFormErrors } from './use-form-errors.ts';

export default function HouseholdCreatePage() {
  const { t } = useTranslation();
  const user = useUser();
  const canWrite = useCan('registry.write');
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<HouseholdFormValues>();
  const errors = useFormErrors(form);
  const create = useCreateHousehold();
  // A village assistant registers only in their own village: the area is preset, not chosen.
  const [initial] = useState(() => emptyHousehold(divisionLevel(user.areaCode) === 'village' ? user.areaCode : undefined));

  if (!canWrite) return <NoPermission />;

  const onFinish = (values: HouseholdFormValues) => {
    const problems = crossMemberProblems(values.members ?? [], chinaDateOf(new Date()));
    if (problems.length > 0) return errors.showProblems(problems);
    const parsed = createHouseholdSchema.safeParse(toCreateBody(values));
    if (!parsed.success) return errors.showIssues(parsed.error.issues);
    create.mutate(parsed.data, {
      onSuccess: (d) => {
        void message.success(t('form.created'));
        navigate(`/registry/${d.countyCode}/${d.id}`);
      },
      onError: (e) => errors.showServerError(e),
    });
  };

  return (
    <>
      <PageHeader
        breadcrumb={<Breadcrumb items={[{ title: <Link to="/registry">{t('registry.listTitle')}</Link> }, { title: t('form.createTitle') }]} />}
        title={t('form.createTitle')}
      />
      <HouseholdForm
        form={form}
        mode="create"
        rootCode={user.areaCode}
        initialValues={initial}
        error={create.error}
        submitting={create.isPending}
        onFinish={onFinish}
        onCancel={() => navigate('/registry')}
      />
    </>
  );
}
