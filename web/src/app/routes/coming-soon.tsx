import { ToolOutlined } from '@ant-design/icons';
import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

export function ComingSoon({ module }: { module: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid={`coming-soon-${module}`}>
      <Result
        icon={<ToolOutlined style={{ color: '#8c98a8' }} />}
        title={t(`nav.${module}`)}
        subTitle={t('common.comingSoonHint')}
      />
    </div>
  );
}
