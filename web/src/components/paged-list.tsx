import type { TablePaginationConfig } from 'antd';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';

/** Page sizes every paged list offers, and the default (left out of the URL). */
export const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;

/**
 * A paged list's filters, page and page size, kept in the URL so a search survives a reload, the back button and a
 * shared link. `readFilters` reads the list's own filters; a change to any of them is written back, leaving out empty
 * values, page 1 and the default page size.
 */
export function usePagedParams<F extends Record<string, string | undefined>>(readFilters: (sp: URLSearchParams) => F) {
  const [sp, setSp] = useSearchParams();
  const size = Number(sp.get('pageSize'));
  const params = { ...readFilters(sp), page: Math.max(1, Number(sp.get('page')) || 1), pageSize: PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE };
  const update = (patch: Partial<typeof params>) => {
    const next = { ...params, ...patch };
    const out = new URLSearchParams();
    for (const [k, v] of Object.entries(next) as [string, string | number | undefined][]) {
      if (v === undefined || v === '' || (k === 'page' && v === 1) || (k === 'pageSize' && v === DEFAULT_PAGE_SIZE)) continue;
      out.set(k, String(v));
    }
    setSp(out);
  };
  return [params, update] as const;
}

/**
 * The table pagination of a paged list. `total` may be capped (ADR 0010): it is then the bound the server counted to,
 * at least ten pages past this one, so "next" is never cut short; `showTotal` says which.
 */
export function listPagination(o: {
  page: number;
  pageSize: number;
  total: number | undefined;
  showTotal: (total: number) => ReactNode;
  onChange: (p: { page: number; pageSize: number }) => void;
}): TablePaginationConfig {
  return {
    current: o.page,
    pageSize: o.pageSize,
    total: o.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: PAGE_SIZES,
    showTotal: o.showTotal,
    // A new page size starts again from the first page.
    onChange: (page, pageSize) => o.onChange({ page: pageSize !== o.pageSize ? 1 : page, pageSize }),
  };
}
