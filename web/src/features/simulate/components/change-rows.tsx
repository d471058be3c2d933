import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ParameterList, ParameterSummary } from '#contracts/policy.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { type ChangeRow, currentValue } from './simulation-form-model.ts';

const MAX_CHANGES = 20;

/** The current value beside a change: for the county chosen, or the city's if every county shares it. */
function Current({ p, list, county }: { p: ParameterSummary | undefined; list: ParameterList | undefined; county: string | undefined }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  if (!p || !list) return <Typography.Text type="secondary">—</Typography.Text>;
  const cv = currentValue(p, list.counties.map((c) => ({ code: c.code, name: bilingual(c.name) })), county);
  const body = 'varies' in cv ? t('simulate.currentVaries', { values: cv.varies }) : (cv.single ?? t('simulate.noCurrent'));
  return (
    <Typography.Text type="secondary" data-testid="simulate-current">
      {t('simulate.current')}: {body} {bilingual(p.unitLabel) && <span style={{ fontSize: 12 }}>({bilingual(p.unitLabel)})</span>}
    </Typography.Text>
  );
}

/** 参数调整 The parameters changed and their new values; a server error on a row is shown on that row. */
export function ChangeRows(props: {
  rows: ChangeRow[];
  onChange: (rows: ChangeRow[]) => void;
  list: ParameterList | undefined;
  county: string | undefined;
  fieldError?: { index: number; message: string };
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { rows, onChange, list } = props;
  const byName = new Map((list?.parameters ?? []).map((p) => [p.name, p]));
  // The parameter by its description; its name (what the CLI and the files call it) beside it as code, and searchable.
  const options = (list?.parameters ?? []).map((p) => ({
    value: p.name,
    search: `${bilingual(p.description)} ${p.name}`,
    label: (
      <span>
        {bilingual(p.description)} <Typography.Text code style={{ fontSize: 12 }}>{p.name}</Typography.Text>
      </span>
    ),
  }));
  const patch = (i: number, next: Partial<ChangeRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...next } : r)));
  const nextKey = () => rows.reduce((m, r) => Math.max(m, r.key), 0) + 1;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="simulate-changes">
      {rows.map((row, i) => {
        const p = row.name ? byName.get(row.name) : undefined;
        const error = props.fieldError?.index === i ? props.fieldError.message : undefined;
        return (
          <Form.Item key={row.key} style={{ marginBottom: 4 }} validateStatus={error ? 'error' : undefined} help={error}>
            <Space wrap align="start" data-testid={`change-${i}`}>
              <Select
                showSearch={{ optionFilterProp: 'search' }}
                placeholder={t('simulate.pickParameter')}
                value={row.name ?? undefined}
                options={options.filter((o) => o.value === row.name || !rows.some((r) => r.name === o.value))}
                onChange={(name: string) => patch(i, { name, value: byName.get(name)?.kind === 'list' ? [] : '' })}
                style={{ width: 420 }}
                popupMatchSelectWidth={560}
                disabled={props.disabled}
                data-testid={`change-${i}-name`}
                aria-label={t('simulate.parameter')}
              />
              {p?.kind === 'list' ? (
                <Select
                  mode="tags"
                  value={Array.isArray(row.value) ? row.value : []}
                  onChange={(value: string[]) => patch(i, { value })}
                  placeholder={t('simulate.listPlaceholder')}
                  style={{ width: 260 }}
                  disabled={props.disabled}
                  data-testid={`change-${i}-value`}
                  aria-label={t('simulate.newValue')}
                />
              ) : (
                <Input
                  value={typeof row.value === 'string' ? row.value : ''}
                  onChange={(e) => patch(i, { value: e.target.value })}
                  placeholder={t('simulate.newValuePlaceholder')}
                  inputMode="decimal"
                  style={{ width: 160 }}
                  disabled={props.disabled || !p}
                  data-testid={`change-${i}-value`}
                  aria-label={t('simulate.newValue')}
                />
              )}
              <Button
                icon={<DeleteOutlined />}
                onClick={() => onChange(rows.filter((_, j) => j !== i))}
                disabled={props.disabled || rows.length === 1}
                aria-label={t('simulate.remove')}
                data-testid={`change-${i}-remove`}
              />
              <div style={{ paddingTop: 5 }}>
                <Current p={p} list={list} county={props.county} />
              </div>
            </Space>
          </Form.Item>
        );
      })}
      <Button
        type="dashed"
        icon={<PlusOutlined />}
        onClick={() => onChange([...rows, { key: nextKey(), name: null, value: '' }])}
        disabled={props.disabled || rows.length >= MAX_CHANGES}
        data-testid="simulate-add-change"
      >
        {t('simulate.addChange')}
      </Button>
    </Space>
  );
}
