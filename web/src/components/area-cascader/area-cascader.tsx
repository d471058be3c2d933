import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Cascader, Input } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DivisionView } from '#contracts/session.ts';
import { chainBelow, divisionKeys, fetchChildren, fetchDivision } from './divisions-api.ts';

interface Option {
  value: string;
  label: string;
  isLeaf: boolean;
  loading?: boolean;
  children?: Option[];
}

export interface AreaCascaderProps {
  /** The user's own area: the cascader never offers anything outside it. */
  rootCode: string;
  /** The chosen division's 12-digit code (a village when `villageOnly`). */
  value?: string;
  onChange?: (code: string | undefined) => void;
  /** Forms need a village; filters accept any level. */
  villageOnly?: boolean;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  status?: 'error' | 'warning';
  id?: string;
  'data-testid'?: string;
  style?: React.CSSProperties;
}

const STALE = 60 * 60_000;

/**
 * Division picker limited to the user's area, loading one level at a time (Tieling has 1,471 villages;
 * a township has a few dozen). A village assistant's area is a single village: shown, not chosen.
 */
export function AreaCascader(props: AreaCascaderProps) {
  const { rootCode, value, onChange, villageOnly } = props;
  const qc = useQueryClient();
  const [children, setChildren] = useState<Record<string, DivisionView[]>>({});
  const [loadingCode, setLoadingCode] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const loaded = useRef(new Set<string>());
  const root = useQuery({ queryKey: divisionKeys.detail(rootCode), queryFn: () => fetchDivision(rootCode), staleTime: STALE });

  const load = useCallback(
    async (code: string) => {
      if (loaded.current.has(code)) return;
      loaded.current.add(code);
      setLoadingCode(code);
      try {
        const list = await qc.fetchQuery({ queryKey: divisionKeys.children(code), queryFn: () => fetchChildren(code), staleTime: STALE });
        setChildren((prev) => ({ ...prev, [code]: list }));
      } catch {
        loaded.current.delete(code);
      } finally {
        setLoadingCode((c) => (c === code ? null : c));
      }
    },
    [qc],
  );

  const rootIsVillage = root.data?.level === 'village';
  useEffect(() => {
    if (root.data && !rootIsVillage) void load(rootCode);
  }, [root.data, rootIsVillage, rootCode, load]);

  // Show an existing value (an edit form, a filter from the URL) by loading the levels down to it.
  const last = selected[selected.length - 1];
  useEffect(() => {
    if (!value) {
      setSelected([]);
      return;
    }
    if (value === last) return;
    let cancelled = false;
    void (async () => {
      const d = await qc.fetchQuery({ queryKey: divisionKeys.detail(value), queryFn: () => fetchDivision(value), staleTime: STALE });
      const chain = chainBelow(rootCode, d);
      await Promise.all([rootCode, ...chain.slice(0, -1)].map(load));
      if (!cancelled) setSelected(chain);
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [value, last, rootCode, qc, load]);

  if (rootIsVillage) {
    return <Input value={root.data?.name} disabled id={props.id} data-testid={props['data-testid']} style={props.style} />;
  }

  const build = (code: string): Option[] =>
    (children[code] ?? []).map((d) => ({
      value: d.code,
      label: d.name,
      isLeaf: d.level === 'village',
      loading: loadingCode === d.code,
      children: children[d.code] ? build(d.code) : undefined,
    }));

  return (
    <Cascader<Option>
      id={props.id}
      data-testid={props['data-testid']}
      style={props.style}
      options={build(rootCode)}
      value={selected}
      loadData={(opts) => {
        const target = opts[opts.length - 1];
        if (target) void load(target.value);
      }}
      changeOnSelect={!villageOnly}
      onChange={(path) => {
        const codes = (path ?? []) as string[];
        setSelected(codes);
        onChange?.(codes[codes.length - 1]);
      }}
      placeholder={props.placeholder}
      allowClear={props.allowClear ?? true}
      disabled={props.disabled}
      status={props.status}
      expandTrigger="click"
      popupMatchSelectWidth={false}
    />
  );
}
