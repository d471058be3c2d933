import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { HeatingMissingItem } from '#contracts/registry.ts';
import { AreaCascader } from '../../../components/area-cascader/area-cascader.tsx';
import { ExportButton } from '../../../components/export-button.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useHeatingMissing } from '../api/heating-missing.ts';

const PAGE_SIZE = 20;

/**
 * 取暖信息缺失名单 The enrolled (dibao, tekun) households of the user's area — a county or city user narrows it to a
 * township or village — whose heating mode, or central heating's area, is not recorded (ADR 0042): each links to its
 * household page, where the form records it; the list is exported with the 户编号, filled in and imported back.
 */
export default function HeatingMissingPage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const user = useUser();
  const canWrite = useCan('registry.write');
  const [area, setArea] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const q = useHeatingMissing({ area, page, pageSize: PAGE_SIZE });
  const data = q.data;

  return (
    <>
      <PageHeader
        title={t('heatingMissing.title')}
        subtitle={t('heatingMissing.subtitle')}
        extra={
          <Space wrap>
            <ExportButton kind="heating-missing" filters={{ area }} />
            {canWrite && (
              <Link to="/registry/import?kind=heating">
                <Button icon={<UploadOutlined />} data-testid="heating-import-link">
                  {t('heatingMissing.import')}
                </Button>
              </Link>
            )}
          </Space>
        }
      />
      <Card className="section-card">
        <Space wrap style={{ marginBottom: 12 }}>
          <span>{t('heatingMissing.area')}</span>
          <AreaCascader
            rootCode={user.areaCode}
            value={area}
            onChange={(v) => {
              setArea(v || undefined);
              setPage(1);
            }}
            placeholder={t('heatingMissing.areaPlaceholder')}
            style={{ width: 300, maxWidth: '100%' }}
            data-testid="heating-missing-area"
          />
          {data && <Tag data-testid="heating-missing-total">{t('heatingMissing.total', { count: data.total })}</Tag>}
        </Space>
        {q.error ? (
          <Alert type="error" showIcon title={isApiRequestError(q.error) ? bilingual(q.error.messages) : t('heatingMissing.failed')} />
        ) : (
          <Table<HeatingMissingItem>
            size="middle"
            rowKey={(h) => `${h.countyCode}/${h.householdId}`}
            loading={q.isFetching}
            dataSource={data?.items ?? []}
            scroll={{ x: 640 }}
            locale={{ emptyText: t('heatingMissing.empty') }}
            pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
            columns={[
              { title: t('heatingMissing.col.head'), key: 'head', render: (_, h) => <Link to={`/registry/${h.countyCode}/${h.householdId}`}>{h.headName}</Link> },
              { title: t('heatingMissing.col.village'), dataIndex: 'areaName' },
              { title: t('heatingMissing.col.members'), dataIndex: 'memberCount', width: 70 },
              { title: t('heatingMissing.col.programs'), key: 'programs', render: (_, h) => h.programs.map((p) => <Tag key={p}>{t(`heatingMissing.program.${p}`)}</Tag>) },
              { title: t('heatingMissing.col.missing'), key: 'missing', render: (_, h) => <Tag color="orange">{t(`heatingMissing.missing.${h.missing}`)}</Tag> },
              {
                title: t('heatingMissing.col.actions'),
                key: 'actions',
                width: 100,
                render: (_, h) =>
                  canWrite ? (
                    <Link to={`/registry/${h.countyCode}/${h.householdId}/edit`} data-testid={`heating-fill-${h.householdId}`}>
                      {t('heatingMissing.fill')}
                    </Link>
                  ) : null,
              },
            ]}
            data-testid="heating-missing-table"
          />
        )}
      </Card>
    </>
  );
}
