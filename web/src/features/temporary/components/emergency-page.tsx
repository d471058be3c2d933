import { Alert, Breadcrumb, Button, Card, Form, Input, Radio, Segmented, Select, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { HouseholdDetail } from '#contracts/registry.ts';
import { CATEGORY_WORDS, type TemporaryCategory } from '#contracts/temporary.ts';
import { DateField } from '../../../components/date-field.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { apiRequest, isApiRequestError } from '../../../lib/api-client.ts';
import { useCan } from '../../../lib/auth.tsx';
import { chinaToday } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useSearchHouseholds } from '../../registry/api/search-households.ts';
import { useReserveOverview } from '../../temporary-reserve/api/reserves.ts';
import { yuan } from '../../temporary-reserve/components/reserve-model.ts';
import { useApplyTemporary, useRecordEmergency } from '../api/temporary.ts';
import { applicationBody, categoriesOf, emergencyBody, formFieldOf, householdRef, type Mode, type RecordValues } from './temporary-model.ts';

const AMOUNT = /^\s*\d{1,9}([.,]\d{1,2})?\s*$/;

/** The household the aid is for, with its members (read through the user's area, like any read). */
function useHousehold(ref: { countyCode: string; id: string } | null) {
  return useQuery({
    queryKey: ['registry', 'household', ref?.countyCode ?? '', ref?.id ?? ''],
    queryFn: ({ signal }) => apiRequest<HouseholdDetail>(`/api/households/${encodeURIComponent(ref!.countyCode)}/${encodeURIComponent(ref!.id)}`, { signal }),
    enabled: ref !== null,
  });
}

/**
 * 先行救助登记 in one screen, fast on a phone: the household found by name or ID number, the person, the category, the
 * event, the need and what is paid now from the township's reserve (its balance shown), and why it cannot wait; or,
 * switched, an application for 支出型 aid through the ordinary procedure. Submitting leads to the case.
 */
export default function EmergencyPage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const canRecord = useCan('temporary.record');
  const [mode, setMode] = useState<Mode>(sp.get('mode') === 'expenditure' || !canRecord ? 'expenditure' : 'emergency');
  const preset = sp.get('county') && sp.get('household') ? `${sp.get('county')}/${sp.get('household')}` : undefined;
  const [form] = Form.useForm<RecordValues>();
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  // Ask the server once typing pauses, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const picked = Form.useWatch('household', form) ?? preset;
  const ref = householdRef(picked);
  const found = useSearchHouseholds({ q: search.trim(), pageSize: 10 }, { enabled: search.trim().length > 0 });
  const household = useHousehold(ref);
  const reserves = useReserveOverview();
  const record = useRecordEmergency();
  const apply = useApplyTemporary();
  const [error, setError] = useState<string | null>(null);
  const categoryWord = (c: string) => bilingual(CATEGORY_WORDS[c as TemporaryCategory]);

  const township = household.data ? `${household.data.areaCode.slice(0, 9)}000` : null;
  const reserve = township ? reserves.data?.townships.find((r) => r.townshipCode === township) : undefined;

  const householdOptions = useMemo(() => {
    const items = (found.data?.items ?? []).map((h) => ({ value: `${h.countyCode}/${h.id}`, label: `${h.headName} · ${h.areaName}` }));
    if (household.data && picked && !items.some((o) => o.value === picked)) items.unshift({ value: picked, label: `${household.data.headName} · ${household.data.areaName}` });
    return items;
  }, [found.data, household.data, picked]);

  const onHousehold = (value: string) => {
    form.setFieldsValue({ household: value, applicantPersonId: undefined });
  };
  // The head by default, once the household's members are known.
  const head = household.data?.members.find((m) => m.relation === 'head');
  useEffect(() => {
    if (head && !form.getFieldValue('applicantPersonId')) form.setFieldsValue({ applicantPersonId: head.id });
  }, [head, form]);

  const onError = (e: unknown) => {
    const message = isApiRequestError(e) ? bilingual(e.messages) : String(e);
    const field = isApiRequestError(e) ? formFieldOf(e.field) : null;
    if (field) form.setFields([{ name: field as keyof RecordValues, errors: [message] }]);
    setError(message);
  };
  const submit = (v: RecordValues) => {
    setError(null);
    const done = { onSuccess: (c: { countyCode: string; id: string }) => navigate(`/cases/${c.countyCode}/${c.id}`), onError };
    if (mode === 'emergency') record.mutate(emergencyBody(v), done);
    else apply.mutate(applicationBody(v), done);
  };
  const switchMode = (m: Mode) => {
    setMode(m);
    setError(null);
    form.setFieldsValue({ category: undefined });
  };

  const req = [{ required: true, whitespace: true, message: t('temporary.form.required') }];
  const money = [...req, { pattern: AMOUNT, message: t('temporary.form.amountFormat') }];
  const title = mode === 'emergency' ? t('temporary.record.title') : t('temporary.record.applyTitle');
  return (
    <div data-testid="temporary-record-page" data-mode={mode}>
      <PageHeader breadcrumb={<Breadcrumb items={[{ title: <Link to="/cases">{t('cases.listTitle')}</Link> }, { title }]} />} title={title} subtitle={mode === 'emergency' ? t('temporary.record.subtitle') : t('temporary.record.applySubtitle')} />
      <Card>
        {canRecord && (
          <Segmented<Mode>
            block
            value={mode}
            onChange={switchMode}
            options={[
              { value: 'emergency', label: t('temporary.record.modeEmergency') },
              { value: 'expenditure', label: t('temporary.record.modeExpenditure') },
            ]}
            style={{ marginBottom: 16, maxWidth: 480 }}
            data-testid="temporary-mode"
          />
        )}
        <Form<RecordValues> form={form} layout="vertical" style={{ maxWidth: 640 }} initialValues={{ household: preset, eventDate: chinaToday() }} onFinish={submit} scrollToFirstError>
          <Form.Item name="household" label={t('temporary.form.household')} rules={[{ required: true, message: t('temporary.form.householdRequired') }]} extra={t('temporary.form.householdHint')}>
            <Select
              showSearch={{ filterOption: false, onSearch: setText }}
              placeholder={t('temporary.form.householdPlaceholder')}
              options={householdOptions}
              onChange={onHousehold}
              loading={found.isFetching}
              notFoundContent={search ? t('temporary.form.noHousehold') : t('temporary.form.typeToSearch')}
              data-testid="tmp-household"
            />
          </Form.Item>
          {household.data && (
            <Form.Item name="applicantPersonId" label={t('temporary.form.person')} rules={[{ required: true, message: t('temporary.form.required') }]}>
              <Select data-testid="tmp-person" options={household.data.members.map((m) => ({ value: m.id, label: `${m.name}（${t(`registry.relation.${m.relation}`)}）` }))} />
            </Form.Item>
          )}
          {household.data?.registeredPoor && <Alert type="info" showIcon title={t('temporary.form.registeredPoor')} style={{ marginBottom: 16 }} />}
          <Form.Item name="category" label={t('temporary.form.category')} rules={[{ required: true, message: t('temporary.form.categoryRequired') }]}>
            <Radio.Group optionType="button" buttonStyle="solid" data-testid="tmp-category" style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
              {categoriesOf(mode).map((c) => (
                <Radio.Button key={c} value={c} data-testid={`tmp-category-${c}`}>
                  {categoryWord(c)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="eventDate" label={t('temporary.form.eventDate')} rules={req}>
            <DateField data-testid="tmp-eventDate" />
          </Form.Item>
          <Form.Item name="eventNote" label={t('temporary.form.eventNote')} rules={req} extra={t('temporary.form.eventNoteHint')}>
            <Input maxLength={200} data-testid="tmp-eventNote" />
          </Form.Item>
          <Form.Item name="needYuan" label={t('temporary.form.need')} rules={money}>
            <Input inputMode="decimal" suffix={t('temporary.yuan')} data-testid="tmp-need" />
          </Form.Item>
          {mode === 'emergency' && (
            <>
              <Form.Item
                name="paidFirstYuan"
                label={t('temporary.form.paidFirst')}
                rules={money}
                extra={
                  <span data-testid="tmp-reserve-balance" data-fen={reserve?.balanceFen ?? ''}>
                    {reserve ? t('temporary.form.reserveBalance', { township: reserve.townshipName, balance: yuan(reserve.balanceFen) }) : t('temporary.form.paidFirstHint')}
                  </span>
                }
              >
                <Input inputMode="decimal" suffix={t('temporary.yuan')} data-testid="tmp-paidFirst" />
              </Form.Item>
              <Form.Item name="reason" label={t('temporary.form.reason')} rules={req}>
                <Input.TextArea rows={2} maxLength={200} data-testid="tmp-reason" />
              </Form.Item>
            </>
          )}
          <Form.Item name="attachments" label={t('temporary.form.attachments')} extra={t('temporary.form.attachmentsHint')}>
            <Input.TextArea rows={1} data-testid="tmp-attachments" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="tmp-error" />}
          <Button type="primary" htmlType="submit" block loading={record.isPending || apply.isPending} data-testid="tmp-submit" style={{ maxWidth: 480 }}>
            {mode === 'emergency' ? t('temporary.record.submit') : t('temporary.record.applySubmit')}
          </Button>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            {mode === 'emergency' ? t('temporary.record.after') : t('temporary.record.applyAfter')}
          </Typography.Paragraph>
        </Form>
      </Card>
    </div>
  );
}
