import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language, setLanguage } from '../../lib/i18n.ts';

/** 中文 / EN, in the header and on the login page; the choice is stored (lib/i18n.ts). */
export function LanguageSwitch({ className }: { className?: string }) {
  const { i18n } = useTranslation();
  return (
    <Segmented<Language>
      size="small"
      className={className}
      data-testid="lang-switch"
      value={currentLanguage(i18n.language)}
      onChange={setLanguage}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'EN', value: 'en' },
      ]}
    />
  );
}
