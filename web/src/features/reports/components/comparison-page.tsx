import { Button, Card, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorResult } from '../../../components/error-result.tsx';
import { NoPermission } from '../../../components/no-permission.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useCan } from '../../../lib/auth.tsx';
import { chinaToday } from '../../../lib/format.ts';
import { useComparison } from '../api/reports.ts';
import { ComparisonSection } from './comparison-section.tsx';
import { isQuarterText, reportingQuarter } from './report-model.ts';
import { useQuarterName } from './report-ui.tsx';

/** 县区比较 The city compares its counties for a quarter (in the URL), and writes the bulletin from here. */
export default function ComparisonPage() {
  const { t } = useTranslation();
  if (!useCan('reports.bulletin')) return <NoPermission hint={t('reports.comparison.cityOnly')} />;
  return <ComparisonScreen />;
}

function ComparisonScreen() {
  const { t } = useTranslation();
  const quarterName = useQuarterName();
  const [sp, setSp] = useSearchParams();
  const asked = (sp.get('quarter') ?? '').toUpperCase();
  const quarter = isQuarterText(asked) ? asked : reportingQuarter(chinaToday());
  const q = useComparison(quarter);
  return (
    <>
      <PageHeader
        title={`${t('reports.comparison.title')} · ${quarterName(quarter)}`}
        subtitle={t('reports.comparison.subtitle')}
        extra={
          <Link to={`/reports/bulletins/${quarter}`}>
            <Button type="primary" data-testid="comparison-write-bulletin">
              {t('reports.comparison.writeBulletin')}
            </Button>
          </Link>
        }
      />
      <Card>
        <Form layout="inline" initialValues={{ quarter }} onFinish={(v: { quarter: string }) => setSp({ quarter: v.quarter.trim().toUpperCase() })} key={quarter}>
          <Form.Item name="quarter" label={t('reports.list.quarter')} rules={[{ validator: async (_, v: string) => (isQuarterText(v ?? '') ? undefined : Promise.reject(new Error(t('reports.list.quarterInvalid')))) }]}>
            <Input style={{ width: 120 }} data-testid="comparison-quarter" />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" data-testid="comparison-go">
              {t('reports.comparison.go')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {q.isError ? <ErrorResult error={q.error} onRetry={() => void q.refetch()} /> : q.data ? <ComparisonSection comparison={q.data} /> : <Card loading style={{ marginTop: 16 }} />}
    </>
  );
}
