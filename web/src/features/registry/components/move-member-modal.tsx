import { Alert, App, Form, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonMove, PersonView } from '#contracts/registry.ts';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { movePersonSchema, useMovePerson } from '../api/move-person.ts';
import { useSearchHouseholds } from '../api/search-households.ts';
import { useRegistryOptions } from './use-options.ts';

interface Props {
  person: PersonView;
  county: string;
  householdId: string;
  onClose: () => void;
  onMoved: () => void;
}

type Values = Pick<PersonMove, 'targetHouseholdId' | 'relation'>;

/** 迁移成员: a person moves to another household of the same county (the API refuses other counties). */
export function MoveMemberModal({ person, county, householdId, onClose, onMoved }: Props) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const o = useRegistryOptions();
  const [form] = Form.useForm<Values>();
  const move = useMovePerson(county);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const search = useSearchHouseholds({ q, page: 1, pageSize: 20 }, { enabled: q.length > 0 });
  // The chosen household stays among the options after the search text is cleared, so its label stays shown.
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  const found = (search.data?.items ?? [])
    .filter((h) => h.countyCode === county && h.id !== householdId)
    .map((h) => ({
      value: h.id,
      label: `${h.headName} · ${h.areaName} · ${t('registry.memberCount', { count: h.memberCount })}`,
    }));
  const options = picked && !found.some((o) => o.value === picked.value) ? [picked, ...found] : found;

  const onOk = async () => {
    const values = await form.validateFields();
    const parsed = movePersonSchema.safeParse({ ...values, version: person.version });
    if (!parsed.success) return;
    move.mutate(
      { personId: person.id, body: parsed.data },
      {
        onSuccess: () => {
          void message.success(t('detail.moved'));
          onMoved();
        },
      },
    );
  };

  const err = move.error;
  return (
    <Modal
      open
      title={t('detail.moveTitle', { name: person.name })}
      onCancel={onClose}
      onOk={() => void onOk()}
      okText={t('common.confirm')}
      confirmLoading={move.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'move-submit' }}
    >
      <p className="page-subtitle">{t('detail.moveHint')}</p>
      {err && (
        <Alert
          type={isApiRequestError(err) && err.code === 'STALE_VERSION' ? 'warning' : 'error'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="move-error"
          title={isApiRequestError(err) ? bilingual(err.messages) : String(err)}
        />
      )}
      <Form<Values> form={form} layout="vertical" initialValues={{ relation: person.relation === 'head' ? 'other' : person.relation }}>
        <Form.Item name="targetHouseholdId" label={t('detail.targetHousehold')} rules={[{ required: true, message: t('detail.targetRequired') }]}>
          <Select
            showSearch={{ filterOption: false, onSearch: setText }}
            placeholder={t('detail.targetPlaceholder')}
            options={options}
            onChange={(value: string) => setPicked(options.find((o) => o.value === value) ?? null)}
            loading={search.isFetching}
            notFoundContent={q ? undefined : null}
            data-testid="move-target"
          />
        </Form.Item>
        <Form.Item name="relation" label={t('detail.newRelation')} rules={[{ required: true, message: t('form.relationRequired') }]}>
          <Select options={o.relations} data-testid="move-relation" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
