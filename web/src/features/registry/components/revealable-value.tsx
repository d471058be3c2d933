import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { App, Button, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RevealField } from '#contracts/registry.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan } from '../../../lib/auth.tsx';
import { useReveal } from '../api/reveal.ts';

interface Props {
  county: string;
  householdId: string;
  field: RevealField;
  /** The masked value the API sent (null: none recorded). */
  masked: string | null;
  testId: string;
}

/**
 * A personal value shown masked (ADR 0012), with a button to see it in full for users who may (`personal.reveal`): the
 * request is audited on the server before the value comes back, and the tooltip says so. Hiding it again forgets it.
 * Callers key it by the record's version, so that a value revealed and then changed is forgotten too.
 */
export function RevealableValue({ county, householdId, field, masked, testId }: Props) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const canReveal = useCan('personal.reveal');
  const reveal = useReveal(county, householdId);
  const [full, setFull] = useState<string | null>(null);
  if (masked == null) return <span data-testid={testId}>—</span>;
  const show = async () => {
    try {
      const r = await reveal.mutateAsync([field]);
      const value = field.field === 'idNumber' ? r.idNumbers[field.personId] : field.field === 'bankAccount' ? r.bankAccount : r.phone;
      setFull(value ?? null);
    } catch (e) {
      void message.error(isApiRequestError(e) ? bilingual(e.messages) : t('reveal.failed'));
    }
  };
  return (
    <Space size={4} className="nowrap">
      <span className="mono" data-testid={testId}>
        {full ?? masked}
      </span>
      {canReveal && (
        <Tooltip title={full ? t('reveal.hide') : t('reveal.show')}>
          <Button
            type="text"
            size="small"
            aria-label={full ? t('reveal.hide') : t('reveal.show')}
            icon={full ? <EyeInvisibleOutlined /> : <EyeOutlined />}
            loading={reveal.isPending}
            onClick={() => (full ? setFull(null) : void show())}
            data-testid={`${testId}-reveal`}
          />
        </Tooltip>
      )}
    </Space>
  );
}
