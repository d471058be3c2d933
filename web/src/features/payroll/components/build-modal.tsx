import { useQuery } from '@tanstack/react-query';
import { Alert, Form, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { type JobView, PROGRAM_VALUES, type Program } from '#contracts/payroll.ts';
import { divisionKeys, fetchChildren } from '../../../components/area-cascader/divisions-api.ts';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useUser } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useStartBuild } from '../api/build-roll.ts';
import { buildableMonths } from './roll-months.ts';

interface Values {
  county: string;
  program: Program;
  month: string;
}

/** The counties a user may pick: their own (county staff), or every county of the city. */
export function useCountyOptions() {
  const user = useUser();
  const county = user.areaCode.endsWith('000000') && user.areaCode.slice(4, 6) !== '00' ? user.areaCode.slice(0, 6) : null;
  const city = useQuery({
    queryKey: divisionKeys.children(user.areaCode),
    queryFn: () => fetchChildren(user.areaCode),
    enabled: county === null,
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (county) return { fixed: county, options: [{ value: county, label: user.areaName }] };
  return { fixed: null, options: (city.data ?? []).filter((d) => d.level === 'county').map((d) => ({ value: d.code.slice(0, 6), label: d.name })) };
}

/** 生成花名册: county, program and month; the build runs as a job the caller follows. */
export function BuildModal({ open, onClose, onStarted }: { open: boolean; onClose: () => void; onStarted: (j: JobView) => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const [form] = Form.useForm<Values>();
  const counties = useCountyOptions();
  const start = useStartBuild();
  const submit = async () => {
    const v = await form.validateFields();
    start.mutate(v, {
      onSuccess: (job) => {
        onStarted(job);
        onClose();
      },
    });
  };
  return (
    <Modal open={open} title={t('payroll.buildTitle')} onCancel={onClose} onOk={() => void submit()} okText={t('payroll.build')} confirmLoading={start.isPending} okButtonProps={{ 'data-testid': 'build-submit' } as Record<`data-${string}`, string>} destroyOnHidden>
      <Alert type="info" showIcon title={t('payroll.buildHint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" initialValues={{ county: counties.fixed ?? undefined, program: 'dibao' }}>
        <Form.Item name="county" label={t('payroll.county')} rules={[{ required: true, message: t('payroll.countyRequired') }]}>
          <Select options={counties.options} disabled={counties.fixed !== null} data-testid="build-county" />
        </Form.Item>
        <Form.Item name="program" label={t('payroll.program')}>
          <Select options={PROGRAM_VALUES.map((p) => ({ value: p, label: t(`payroll.programs.${p}`) }))} data-testid="build-program" />
        </Form.Item>
        <Form.Item name="month" label={t('payroll.month')} rules={[{ required: true, message: t('payroll.monthRequired') }]}>
          <Select showSearch options={buildableMonths().map((m) => ({ value: m, label: m }))} data-testid="build-month" />
        </Form.Item>
      </Form>
      {start.isError && <Alert type="error" showIcon title={isApiRequestError(start.error) ? bilingual(start.error.messages) : String(start.error)} data-testid="build-error" />}
    </Modal>
  );
}
