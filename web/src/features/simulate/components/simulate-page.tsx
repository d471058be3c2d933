import { PlayCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Form, Select, Space, Spin, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SimulationCounty, SimulationResult } from '#contracts/simulate.ts';
import { addMonths, chinaDateOf, firstDayOf, monthOf, parsePlainMonth } from '#kernel/plain-date.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useSimulationParameters } from '../api/list-parameters.ts';
import { useRunSimulation } from '../api/run-simulation.ts';
import { ChangeRows } from './change-rows.tsx';
import { DeltaChart } from './delta-chart.tsx';
import { ResultTable } from './result-table.tsx';
import { NoPermission } from '../../../components/no-permission.tsx';
import { type ChangeRow, toRequest } from './simulation-form-model.ts';
import { DateField } from '../../../components/date-field.tsx';

/** Seconds since `running` turned true, for the loading state of a run that may take a while. */
function useElapsed(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    const started = Date.now();
    setSeconds(0);
    const id = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(id);
  }, [running]);
  return seconds;
}

function Results({ result }: { result: SimulationResult }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const countyName = useMemo(() => (c: SimulationCounty) => bilingual(c.name), [bilingual]);
  const labels = useMemo(() => ({ dibao: t('simulate.chart.dibao'), tekun: t('simulate.chart.tekun') }), [t]);
  const meta = t('simulate.resultMeta', {
    households: result.total.assessed.households.toLocaleString('en-US'),
    persons: result.total.assessed.persons.toLocaleString('en-US'),
    seconds: result.seconds.toFixed(1),
  });
  return (
    <div data-testid="simulate-result">
      {result.warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('simulate.warnings')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="simulate-warnings">
              {result.warnings.map((w) => (
                <li key={`${w.code}-${w.name}`}>{bilingual(w.message)}</li>
              ))}
            </ul>
          }
        />
      )}
      <Card
        size="small"
        style={{ marginBottom: 16 }}
        title={t('simulate.resultTitle', { from: result.from })}
        extra={<Typography.Text type="secondary">{meta}</Typography.Text>}
      >
        <Space wrap size={[8, 4]} style={{ marginBottom: 12 }}>
          {result.changes.map((c) => (
            <Typography.Text code key={c.name}>
              {c.name} = {Array.isArray(c.value) ? c.value.join(',') : c.value}
            </Typography.Text>
          ))}
        </Space>
        <ResultTable result={result} />
      </Card>
      <Card size="small" title={t('simulate.chart.title')}>
        <DeltaChart counties={result.counties} countyName={countyName} labels={labels} />
      </Card>
    </div>
  );
}

/** 政策测算 For city supervisors: change parameters, see what the registry's dibao and tekun would cost per county. */
export default function SimulatePage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const allowed = useCan('policy.simulate');
  const [from, setFrom] = useState<string>(() => addMonths(monthOf(chinaDateOf(new Date())), 1));
  const [county, setCounty] = useState<string | undefined>(undefined);
  const [rows, setRows] = useState<ChangeRow[]>([{ key: 1, name: null, value: '' }]);
  const month = parsePlainMonth(from);
  const params = useSimulationParameters(allowed && month ? firstDayOf(month) : null);
  const run = useRunSimulation();
  const elapsed = useElapsed(run.isPending);
  if (!allowed) return <NoPermission />;

  const request = toRequest({ from, county, changes: rows });
  const error = run.error;
  const field = isApiRequestError(error) ? /^changes\.(\d+)/.exec(error.field ?? '') : null;
  const fieldError = field && isApiRequestError(error) ? { index: Number(field[1]), message: bilingual(error.messages) } : undefined;

  return (
    <>
      <PageHeader title={t('simulate.title')} subtitle={t('simulate.subtitle')} />
      {params.isError ? (
        <ErrorResult error={params.error} onRetry={() => void params.refetch()} />
      ) : (
        <Card style={{ marginBottom: 16 }} data-testid="simulate-form">
          <Form layout="vertical" component="div">
            <Space wrap size={24}>
              <Form.Item label={t('simulate.from')} extra={t('simulate.fromHint')} style={{ marginBottom: 8 }}>
                <DateField picker="month" value={from} onChange={(v) => v && setFrom(v)} style={{ width: 180 }} disabled={run.isPending} data-testid="simulate-from" />
              </Form.Item>
              <Form.Item label={t('simulate.county')} style={{ marginBottom: 8 }}>
                <Select
                  allowClear
                  placeholder={t('simulate.allCounties')}
                  value={county}
                  onChange={(v?: string) => setCounty(v)}
                  options={(params.data?.counties ?? []).map((c) => ({ value: c.code.slice(0, 6), label: bilingual(c.name) }))}
                  style={{ width: 220 }}
                  disabled={run.isPending}
                  data-testid="simulate-county"
                />
              </Form.Item>
            </Space>
            <Form.Item label={t('simulate.changes')} style={{ marginBottom: 8 }}>
              {params.isPending ? (
                <Spin />
              ) : (
                <ChangeRows rows={rows} onChange={setRows} list={params.data} county={county} fieldError={fieldError} disabled={run.isPending} />
              )}
            </Form.Item>
            <Space>
              <Button
                type="primary"
                icon={<PlayCircleOutlined />}
                loading={run.isPending}
                disabled={!request}
                onClick={() => request && run.mutate(request)}
                data-testid="simulate-run"
              >
                {t('simulate.run')}
              </Button>
              {!request && !run.isPending && <Typography.Text type="secondary">{t('simulate.incomplete')}</Typography.Text>}
            </Space>
          </Form>
        </Card>
      )}
      {run.isPending ? (
        <Card data-testid="simulate-running">
          <Space orientation="vertical" align="center" style={{ width: '100%', padding: 32 }}>
            <Spin size="large" />
            <Typography.Text>{t('simulate.running')}</Typography.Text>
            <Typography.Text type="secondary">{t('simulate.elapsed', { seconds: elapsed })}</Typography.Text>
          </Space>
        </Card>
      ) : error && !fieldError ? (
        <Alert
          type={isApiRequestError(error) && error.status === 429 ? 'warning' : 'error'}
          showIcon
          title={isApiRequestError(error) && error.status === 429 ? t('simulate.busy') : t('simulate.failed')}
          description={isApiRequestError(error) ? bilingual(error.messages) : String(error)}
          data-testid="simulate-error"
        />
      ) : run.data ? (
        <Results result={run.data} />
      ) : (
        <Card>
          <Empty description={t('simulate.empty')} data-testid="simulate-empty" />
        </Card>
      )}
    </>
  );
}
