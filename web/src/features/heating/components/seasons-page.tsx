import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Form, Input, Modal, Select, Table, type TableProps, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { SeasonListItem } from '#contracts/heating.ts';
import { DateField } from '../../../components/date-field.tsx';
import { ErrorResult } from '../../../components/error-result.tsx';
import { NoPermission } from '../../../components/no-permission.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useCountyOptions } from '../../payroll/components/build-modal.tsx';
import { yuan } from '../../payroll/components/payroll-ui.tsx';
import { useOpenSeason, useSeasons } from '../api/seasons.ts';
import { isSeasonText } from './season-model.ts';

/** The seasons page and the season page need the rolls' read permission (a roll covers a whole county). */
export function NoHeatingPermission() {
  const { t } = useTranslation();
  return <NoPermission hint={t('heatingSeason.noPermission')} />;
}

/**
 * 取暖救助采暖季: the seasons of the user's counties (the county's own; every county for the city), newest first, with
 * their households and amounts; those who build rolls open a season here.
 */
export default function SeasonsPage() {
  if (!useCan('payroll.read')) return <NoHeatingPermission />;
  return <Seasons />;
}

export function SeasonStatusTag({ status }: { status: 'open' | 'closed' }) {
  const { t } = useTranslation();
  return <Tag color={status === 'open' ? 'green' : 'default'}>{t(`heatingSeason.status.${status}`)}</Tag>;
}

function Seasons() {
  const { t } = useTranslation();
  const user = useUser();
  const canBuild = useCan('payroll.build');
  const q = useSeasons();
  const [opening, setOpening] = useState(false);
  const columns: TableProps<SeasonListItem>['columns'] = [
    {
      title: t('heatingSeason.list.col.season'),
      key: 'season',
      render: (_, s) => (
        <Link to={`/heating/seasons/${s.county}/${s.season}`} className="cell-name" data-testid={`season-link-${s.county}-${s.season}`}>
          {t('heatingSeason.seasonName', { season: s.season })}
        </Link>
      ),
    },
    { title: t('heatingSeason.list.col.county'), dataIndex: 'countyName', key: 'county' },
    { title: t('heatingSeason.list.col.period'), key: 'period', responsive: ['md'], render: (_, s) => t('heatingSeason.period', { from: s.firstMonth, to: s.lastMonth }) },
    { title: t('heatingSeason.list.col.referenceDay'), dataIndex: 'referenceDay', key: 'ref', responsive: ['lg'] },
    { title: t('heatingSeason.list.col.status'), key: 'status', render: (_, s) => <SeasonStatusTag status={s.status} /> },
    { title: t('heatingSeason.list.col.rolls'), key: 'rolls', align: 'right', responsive: ['md'], render: (_, s) => t('heatingSeason.list.rollCount', { count: s.rolls }) },
    { title: t('heatingSeason.list.col.households'), dataIndex: 'households', key: 'households', align: 'right' },
    { title: t('heatingSeason.list.col.total'), key: 'total', align: 'right', render: (_, s) => yuan(s.fen) },
    { title: t('heatingSeason.list.col.paid'), key: 'paid', align: 'right', responsive: ['lg'], render: (_, s) => yuan(s.paidFen) },
  ];
  return (
    <>
      <PageHeader
        title={t('heatingSeason.title')}
        subtitle={`${user.areaName} · ${t('heatingSeason.subtitle')}`}
        extra={
          canBuild && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpening(true)} data-testid="season-open">
              {t('heatingSeason.open.button')}
            </Button>
          )
        }
      />
      <Card>
        {q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<SeasonListItem>
            rowKey={(s) => `${s.county}/${s.season}`}
            columns={columns}
            dataSource={q.data}
            loading={q.isFetching}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description={canBuild ? `${t('heatingSeason.list.empty')}：${t('heatingSeason.list.emptyHint')}` : t('heatingSeason.list.empty')} /> }}
            data-testid="seasons-table"
          />
        )}
      </Card>
      {opening && <OpenSeasonModal onClose={() => setOpening(false)} />}
    </>
  );
}

interface OpenValues {
  county: string;
  season: string;
  referenceDay?: string;
}

const FIELDS = ['county', 'season', 'referenceDay'] as const;

/** 开启采暖季: county (fixed for county staff), season, optional reference day; the server's refusals land on their field. */
function OpenSeasonModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const navigate = useNavigate();
  const counties = useCountyOptions();
  const [form] = Form.useForm<OpenValues>();
  const open = useOpenSeason();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    // Refused in the form (its fields say why): nothing to send.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setError(null);
    open.mutate(
      { county: v.county, season: v.season.trim(), ...(v.referenceDay ? { referenceDay: v.referenceDay } : {}) },
      {
        onSuccess: (s) => {
          onClose();
          navigate(`/heating/seasons/${s.county}/${s.season}`);
        },
        onError: (e) => {
          const text = isApiRequestError(e) ? bilingual(e.messages) : t('heatingSeason.open.failed');
          const field = isApiRequestError(e) ? FIELDS.find((f) => f === e.field) : undefined;
          if (field) form.setFields([{ name: field, errors: [text] }]);
          else setError(text);
        },
      },
    );
  };
  return (
    <Modal
      open
      title={t('heatingSeason.open.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('heatingSeason.open.submit')}
      confirmLoading={open.isPending}
      okButtonProps={{ 'data-testid': 'season-open-submit' } as Record<`data-${string}`, string>}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('heatingSeason.open.hint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" initialValues={{ county: counties.fixed ?? undefined }} data-testid="season-open-form">
        <Form.Item name="county" label={t('heatingSeason.open.county')} rules={[{ required: true, message: t('heatingSeason.open.countyRequired') }]}>
          <Select options={counties.options} disabled={counties.fixed !== null} data-testid="season-open-county" />
        </Form.Item>
        <Form.Item
          name="season"
          label={t('heatingSeason.open.season')}
          rules={[
            { required: true, message: t('heatingSeason.open.seasonRequired') },
            { validator: async (_, v: string | undefined) => (!v || isSeasonText(v) ? undefined : Promise.reject(new Error(t('heatingSeason.open.seasonFormat')))) },
          ]}
        >
          <Input placeholder={t('heatingSeason.open.seasonPlaceholder')} maxLength={9} data-testid="season-open-season" />
        </Form.Item>
        <Form.Item name="referenceDay" label={t('heatingSeason.open.referenceDay')} extra={t('heatingSeason.open.referenceDayHint')}>
          <DateField data-testid="season-open-reference" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="season-open-error" />}
    </Modal>
  );
}
