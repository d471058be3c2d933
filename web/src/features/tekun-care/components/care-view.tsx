import { Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TekunCareView } from '#contracts/tekun-care.ts';

/**
 * A care record as people read it: 分散 / 集中供养 (which institution, where), the self-care items the person cannot
 * do, the level they give, and the level in force — marked 已人工调整 with its reason when set by hand.
 */
export function CareDescriptions({ care, testId }: { care: TekunCareView; testId: string }) {
  const { t } = useTranslation();
  const items = care.selfCareFailed.map((i) => t(`registry.selfCare.${i}`));
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      data-testid={testId}
      data-placement={care.placement}
      data-level={care.level}
      items={[
        { key: 'p', label: t('tekunCare.placement'), children: <span data-testid={`${testId}-placement`}>{t(`tekunCare.placements.${care.placement}`)}</span> },
        ...(care.institution
          ? [
              {
                key: 'i',
                label: t('tekunCare.institution'),
                children: (
                  <span data-testid={`${testId}-institution`}>
                    {care.institution.name}
                    <Typography.Text type="secondary"> · {care.institution.address}</Typography.Text>
                  </span>
                ),
              },
            ]
          : []),
        {
          key: 'f',
          label: t('tekunCare.selfCareFailed'),
          children: <span data-testid={`${testId}-items`}>{items.length === 0 ? t('tekunCare.noneFailed') : `${items.join('、')}（${t('tekunCare.failedCount', { count: items.length })}）`}</span>,
        },
        { key: 'a', label: t('tekunCare.assessedLevel'), children: <span data-testid={`${testId}-assessed`}>{t(`tekunCare.levels.${care.assessedLevel}`)}</span> },
        {
          key: 'l',
          label: t('tekunCare.level'),
          children: (
            <Space size={4} wrap data-testid={`${testId}-level`}>
              <Tag color={care.level === 'full' ? 'red' : care.level === 'partial' ? 'orange' : 'green'}>{t(`tekunCare.levels.${care.level}`)}</Tag>
              {care.overridden && <Tag color="purple">{t('tekunCare.overridden')}</Tag>}
            </Space>
          ),
        },
        ...(care.overridden && care.overrideReason
          ? [{ key: 'r', label: t('tekunCare.overrideReason'), children: <span data-testid={`${testId}-reason`}>{care.overrideReason}</span> }]
          : []),
        { key: 'd', label: t('tekunCare.assessedOn'), children: care.assessedOn },
        { key: 'b', label: t('tekunCare.by'), children: care.actorName },
      ]}
    />
  );
}
