import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Drawer, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { Trans, useTranslation } from 'react-i18next';
import type { HistoryEntry } from '#contracts/policy.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useParameter } from '../api/get-parameter.ts';
import { ValueTags } from './param-value.tsx';

/** A parameter's history per area as a timeline: dates in force, values, citations, file or override author. */
export function ParameterHistoryDrawer({ name, onClose, onAdd }: { name: string; onClose: () => void; onAdd?: () => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const q = useParameter(name);
  const d = q.data;

  const item = (e: HistoryEntry) => ({
    color: e.superseded ? 'gray' : e.source === 'override' ? 'blue' : e.illustrative ? 'orange' : 'green',
    title: (
      <span style={{ whiteSpace: 'nowrap' }}>
        {e.effectiveFrom}
        <br />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {e.superseded ? t('parameters.superseded') : e.until ? t('parameters.until', { date: e.until }) : t('parameters.toDate')}
        </Typography.Text>
      </span>
    ),
    content: (
      <div data-testid="history-entry">
        <Space size={6} wrap>
          <Typography.Text strong delete={e.superseded} style={{ fontSize: 15 }}>
            {e.valueText === null ? t('parameters.ended') : bilingual(e.valueText)}
          </Typography.Text>
          <ValueTags illustrative={e.illustrative} source={e.source} author={e.author} />
        </Space>
        {e.citation && (
          <div style={{ fontSize: 13, marginTop: 4 }}>
            <Typography.Text type="secondary">{t('calculator.citation')}：</Typography.Text>
            {bilingual(e.citationText)}
          </div>
        )}
        {e.note && (
          <div style={{ fontSize: 13 }}>
            <Typography.Text type="secondary">{t('parameters.note')}：</Typography.Text>
            {e.note}
          </div>
        )}
        {e.file && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <Trans i18nKey="parameters.fromFile" values={{ file: e.file, line: e.line }} components={[<code key="file" />]} />
          </Typography.Text>
        )}
      </div>
    ),
  });

  return (
    <Drawer
      open
      size={760}
      title={
        <span>
          {t('parameters.historyTitle')} · {d ? bilingual(d.description) : ''} <code>{name}</code>
        </span>
      }
      onClose={onClose}
      destroyOnHidden
      data-testid="history-drawer"
      extra={
        onAdd && (
          <Button type="primary" icon={<PlusOutlined />} onClick={onAdd} data-testid="history-add-override">
            {t('parameters.addOverride')}
          </Button>
        )
      }
    >
      {q.isPending ? (
        <Skeleton active />
      ) : q.isError ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        d && (
          <>
            <Descriptions
              column={1}
              size="small"
              style={{ marginBottom: 16 }}
              items={[
                { key: 'd', label: t('parameters.col.name'), children: bilingual(d.description) },
                { key: 'u', label: t('parameters.unit'), children: bilingual(d.unitLabel) },
                ...(d.file ? [{ key: 'f', label: t('parameters.file'), children: <Typography.Text code>policy/tieling/{d.file}</Typography.Text> }] : []),
              ]}
            />
            {d.areas.map((a) => (
              <Card
                key={a.area.code}
                size="small"
                title={
                  <span>
                    {bilingual(a.area.name)} <Tag>{a.area.code}</Tag>
                  </span>
                }
                style={{ marginBottom: 12 }}
                data-testid={`history-area-${a.area.code}`}
              >
                <Timeline mode="start" titleSpan="130px" items={a.entries.map(item)} />
              </Card>
            ))}
          </>
        )
      )}
    </Drawer>
  );
}
