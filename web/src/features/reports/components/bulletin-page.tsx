import { Alert, App, Button, Card, Form, Input, Popconfirm, Result, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { BulletinView } from '#contracts/report-workflow.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { NoPermission } from '../../../components/no-permission.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan } from '../../../lib/auth.tsx';
import { chinaDateTime } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { bulletinPath, useBulletin, useIssueBulletin, useSaveBulletin } from '../api/reports.ts';
import { ComparisonSection } from './comparison-section.tsx';
import { ExportButtons, useQuarterName } from './report-ui.tsx';

/**
 * 通报 A quarter's bulletin. The city's writer edits the draft (title and text), previews the comparison computed now and
 * issues it (the comparison frozen with it); everyone reads an issued bulletin with its tables and charts, and downloads
 * it as PDF or xlsx. A draft does not exist for anyone else.
 */
export default function BulletinPage() {
  const { t } = useTranslation();
  if (!useCan('reports.read')) return <NoPermission hint={t('reports.noPermission')} />;
  return <BulletinScreen />;
}

function BulletinScreen() {
  const { t } = useTranslation();
  const quarterName = useQuarterName();
  const { quarter = '' } = useParams();
  const writer = useCan('reports.bulletin');
  const q = useBulletin(quarter);
  const missing = q.isError && isApiRequestError(q.error) && q.error.status === 404;
  if (q.isError && !missing) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  if (missing && !writer) return <Result status="404" title={t('reports.bulletin.notFound')} extra={<Link to="/reports/bulletins">{t('reports.bulletins.title')}</Link>} />;
  if (!q.data && !missing) return <Card loading />;
  const b = q.data;
  return (
    <>
      <PageHeader
        breadcrumb={<Link to="/reports/bulletins">{t('reports.bulletins.title')}</Link>}
        title={
          <span data-testid="bulletin-title">
            {b?.title ?? t('reports.bulletin.defaultTitle', { quarter: quarterName(quarter) })}{' '}
            {b && (
              <Tag color={b.status === 'issued' ? 'green' : 'gold'} data-testid="bulletin-status" data-status={b.status}>
                {t(`reports.bulletins.status.${b.status}`)}
              </Tag>
            )}
          </span>
        }
        subtitle={b?.issuedAt ? `${t('reports.bulletin.issuedBy')}：${b.issuedBy} · ${chinaDateTime(b.issuedAt)}` : quarterName(quarter)}
        extra={b?.status === 'issued' && <ExportButtons path={bulletinPath(quarter)} testPrefix="bulletin-export" />}
      />
      {b?.status === 'issued' ? <IssuedText bulletin={b} /> : <Editor key={b?.version ?? 0} quarter={quarter} bulletin={b} />}
      {b && <ComparisonSection comparison={b.comparison} title={t(b.status === 'issued' ? 'reports.bulletin.frozen' : 'reports.bulletin.preview')} />}
    </>
  );
}

function IssuedText({ bulletin: b }: { bulletin: BulletinView }) {
  return (
    <Card data-testid="bulletin-body">
      {(b.body || '—').split(/\n+/).map((p, i) => (
        <Typography.Paragraph key={i} style={{ textIndent: '2em' }}>
          {p}
        </Typography.Paragraph>
      ))}
    </Card>
  );
}

function Editor({ quarter, bulletin: b }: { quarter: string; bulletin?: BulletinView }) {
  const { t } = useTranslation();
  const quarterName = useQuarterName();
  const { message } = App.useApp();
  const bilingual = useBilingual();
  const [form] = Form.useForm<{ title: string; body: string }>();
  const save = useSaveBulletin(quarter);
  const issue = useIssueBulletin(quarter);
  const fail = (e: unknown) => message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
  const onSave = async () => {
    const v = await form.validateFields();
    save.mutate({ title: v.title, body: v.body ?? '', ...(b ? { version: b.version } : {}) }, { onSuccess: () => message.success(t('reports.bulletin.saved')), onError: fail });
  };
  return (
    <Card data-testid="bulletin-editor">
      {!b && <Alert type="info" showIcon message={t('reports.bulletin.preview')} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ title: b?.title ?? t('reports.bulletin.defaultTitle', { quarter: quarterName(quarter) }), body: b?.body ?? '' }}>
        <Form.Item name="title" label={t('reports.bulletin.titleLabel')} rules={[{ required: true, whitespace: true, message: t('reports.bulletin.titleRequired') }]}>
          <Input maxLength={200} data-testid="bulletin-title-input" />
        </Form.Item>
        <Form.Item name="body" label={t('reports.bulletin.body')}>
          <Input.TextArea rows={8} maxLength={20000} showCount data-testid="bulletin-body-input" />
        </Form.Item>
      </Form>
      <Space wrap>
        <Button onClick={() => void onSave()} loading={save.isPending} data-testid="bulletin-save">
          {t('reports.bulletin.save')}
        </Button>
        {b && (
          <Popconfirm
            title={t('reports.bulletin.issueConfirm')}
            onConfirm={() => issue.mutate({ version: b.version }, { onSuccess: () => message.success(t('reports.bulletin.issued')), onError: fail })}
            okButtonProps={{ 'data-testid': 'bulletin-issue-confirm' } as Record<`data-${string}`, string>}
          >
            <Button type="primary" loading={issue.isPending} data-testid="bulletin-issue">
              {t('reports.bulletin.issue')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    </Card>
  );
}
