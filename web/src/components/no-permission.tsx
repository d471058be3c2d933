import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * 无权访问: a page reached by its address by a user whose role may not use it (the menu does not offer it).
 * `hint` replaces the general explanation where the screen can say why, e.g. payment rolls cover a whole county.
 */
export function NoPermission({ hint }: { hint?: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="no-permission">
      <Result status="403" title={t('common.forbiddenTitle')} subTitle={hint ?? t('common.forbiddenHint')} />
    </div>
  );
}
