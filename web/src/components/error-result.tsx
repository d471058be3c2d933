import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiRequestError } from '../lib/api-client.ts';
import { useBilingual } from '../lib/i18n.ts';

/** A failed load: the server's message in the current language, and a retry. */
export function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const status = isApiRequestError(error) ? error.status : 0;
  return (
    <div data-testid="error-state">
      <Result
        status={status === 404 ? '404' : status === 403 ? '403' : 'error'}
        title={t('common.loadFailed')}
        subTitle={isApiRequestError(error) ? bilingual(error.messages) : String(error)}
        extra={onRetry && <Button onClick={onRetry}>{t('common.retry')}</Button>}
      />
    </div>
  );
}
