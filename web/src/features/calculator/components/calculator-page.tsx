import { CalculatorOutlined, ExperimentOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Form, Skeleton, Space, Tooltip } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeterminationView } from '#contracts/policy.ts';
import type { HouseholdDetail } from '#contracts/registry.ts';
import { chinaDateOf, monthOf } from '#kernel/plain-date.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useCalculate } from '../api/calculate.ts';
import { useJurisdiction } from '../api/get-jurisdiction.ts';
import { DeterminationResult } from './determination-view.tsx';
import { HouseholdLoader } from './household-loader.tsx';
import { SituationForm } from './situation-form.tsx';
import { emptyValues, formFieldOf, fromHousehold, type SituationFormValues, toSituation, workedExample } from './situation-form-model.ts';

/** 救助测算 The calculator: a situation in, the engine's determination out, explained step by step. */
export default function CalculatorPage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const user = useUser();
  const canReadRegistry = useCan('registry.read');
  const [form] = Form.useForm<SituationFormValues>();
  const jurisdiction = useJurisdiction();
  const calc = useCalculate();
  const [result, setResult] = useState<DeterminationView | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  if (jurisdiction.isPending) return <Skeleton active />;
  if (jurisdiction.isError) return <ErrorResult error={jurisdiction.error} onRetry={() => void jurisdiction.refetch()} />;
  const list = jurisdiction.data.counties;
  const own = list.find((c) => user.areaCode.startsWith(c.code))?.code ?? list[0]?.code ?? '';
  const initial = emptyValues(own, monthOf(chinaDateOf(new Date())));

  // Paths come from the server's field names (formFieldOf), which antd's typed name paths cannot express.
  const setError = (name: (string | number)[], errors: string[]) => form.setFields([{ name: name as never, errors }]);
  const onFinish = (values: SituationFormValues) => {
    // A server error from the previous attempt no longer applies.
    for (const f of form.getFieldsError()) if (f.errors.length > 0) setError(f.name, []);
    calc.mutate(toSituation(values), {
      onSuccess: (d) => {
        setResult(d);
        requestAnimationFrame(() => resultRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
      },
      onError: (e) => {
        setResult(null);
        const field = isApiRequestError(e) ? formFieldOf(e.field) : null;
        if (field && isApiRequestError(e)) setError(field, [bilingual(e.messages)]);
      },
    });
  };

  const replace = (v: SituationFormValues) => {
    form.resetFields();
    form.setFieldsValue(v);
    setResult(null);
    calc.reset();
  };
  const load = (h: HouseholdDetail) => {
    const keep = form.getFieldsValue(['program', 'month']) as Pick<SituationFormValues, 'program' | 'month'>;
    replace(fromHousehold(h, { program: keep.program ?? 'dibao', month: keep.month ?? initial.month }));
  };

  return (
    <>
      <PageHeader
        title={t('calculator.title')}
        subtitle={t('calculator.subtitle')}
        extra={
          <Space wrap>
            {canReadRegistry && <HouseholdLoader onLoad={load} />}
            <Tooltip title={t('calculator.exampleHint')}>
              <Button icon={<ExperimentOutlined />} onClick={() => replace(workedExample())} data-testid="calc-example">
                {t('calculator.example')}
              </Button>
            </Tooltip>
            <Button icon={<UndoOutlined />} onClick={() => replace(initial)} data-testid="calc-clear">
              {t('calculator.clear')}
            </Button>
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <SituationForm form={form} counties={list} initialValues={initial} onFinish={onFinish} />
        <Button type="primary" size="large" icon={<CalculatorOutlined />} loading={calc.isPending} onClick={() => form.submit()} style={{ marginTop: 16 }} data-testid="calc-submit">
          {t('calculator.submit')}
        </Button>
      </Card>
      <div ref={resultRef}>
        {calc.isError ? (
          <Alert
            type="error"
            showIcon
            title={t('calculator.invalid')}
            description={
              isApiRequestError(calc.error) ? (
                <span data-testid="calc-error">
                  {bilingual(calc.error.messages)}
                  {calc.error.field ? `（${calc.error.field}）` : ''}
                </span>
              ) : (
                String(calc.error)
              )
            }
          />
        ) : result ? (
          <DeterminationResult d={result} />
        ) : (
          <Card>
            <Empty description={t('calculator.emptyTitle')} data-testid="calc-empty">
              <div className="page-subtitle">{t('calculator.emptyHint')}</div>
            </Empty>
          </Card>
        )}
      </div>
    </>
  );
}
