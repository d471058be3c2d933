import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** Shown to users without `policy.simulate` who reach the page by its address. */
export function NoPermission() {
  const { t } = useTranslation();
  return (
    <div data-testid="no-permission">
      <Result status="403" title={t('common.forbiddenTitle')} subTitle={t('common.forbiddenHint')} />
    </div>
  );
}
