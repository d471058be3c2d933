import { Tag, Tooltip } from 'antd';
import { Trans, useTranslation } from 'react-i18next';

/** The labels every value carries where it is shown: illustrative demo default, database override. */
export function ValueTags({ illustrative, source, author }: { illustrative: boolean; source: 'file' | 'override'; author?: string }) {
  const { t } = useTranslation();
  return (
    <>
      {illustrative && (
        <Tooltip title={t('parameters.illustrativeHint')}>
          <Tag color="orange" data-testid="tag-illustrative">
            {t('parameters.illustrative')}
          </Tag>
        </Tooltip>
      )}
      {source === 'override' && (
        <Tag color="blue" data-testid="tag-override">
          {author ? <Trans i18nKey="parameters.overrideBy" values={{ author }} components={[<span key="a" data-code />]} /> : t('parameters.override')}
        </Tag>
      )}
    </>
  );
}
