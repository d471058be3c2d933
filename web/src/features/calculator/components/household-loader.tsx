import { ImportOutlined } from '@ant-design/icons';
import { App, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdDetail } from '#contracts/registry.ts';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useFindHouseholds } from '../api/find-households.ts';
import { getHousehold } from '../api/get-household.ts';

/** Finds a registered household of the user's area and hands its detail to the form. */
export function HouseholdLoader({ onLoad }: { onLoad: (h: HouseholdDetail) => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [loading, setLoading] = useState(false);
  // Ask the server once typing pauses, not on every key.
  useEffect(() => {
    const id = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(id);
  }, [text]);
  const found = useFindHouseholds(q, q.length >= 1);

  const choose = async (key: string) => {
    const [county, id] = key.split('/');
    setLoading(true);
    try {
      const h = await getHousehold(county, id);
      onLoad(h);
      void message.success(t('calculator.loaded', { name: h.headName }));
    } catch (e) {
      void message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
    } finally {
      setLoading(false);
    }
  };

  return (
    <Space>
      <ImportOutlined />
      <Select
        showSearch={{ filterOption: false, onSearch: setText }}
        value={null}
        placeholder={t('calculator.loadHouseholdPlaceholder')}
        loading={found.isFetching || loading}
        notFoundContent={null}
        options={(found.data?.items ?? []).map((h) => ({ value: `${h.countyCode}/${h.id}`, label: `${h.headName} · ${h.areaName} · ${h.memberCount}` }))}
        onChange={(v: string) => void choose(v)}
        style={{ width: 340 }}
        data-testid="calc-load-household"
      />
    </Space>
  );
}
