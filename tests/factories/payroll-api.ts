import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { JobView } from '../../src/contracts/payroll.ts';
import type { Client } from './api.ts';
import type { RawSession } from './raw-session.ts';

/** Polls a payroll job until it has ended (built or imported, or failed). */
export async function waitJob(client: Client, job: JobView, timeoutMs = 60_000): Promise<JobView> {
  const until = Date.now() + timeoutMs;
  let j = job;
  while (j.status === 'running') {
    if (Date.now() > until) throw new Error(`job ${j.id} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
    const res = await client.call('GET', `/api/payroll/jobs/${j.county}/${j.id}`);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    j = res.json;
  }
  return j;
}

/** Builds a roll through the API (a job) and returns the job at its end. */
export async function buildViaApi(client: Client, body: { county: string; month: string; program?: string }): Promise<JobView> {
  const res = await client.call('POST', '/api/payroll/rolls', { program: 'dibao', ...body });
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  return waitJob(client, res.json);
}

/** The bank file as rows of text cells (CSV or the first sheet of an XLSX). */
export async function downloadRows(s: RawSession, county: string, rollId: string, format: 'csv' | 'xlsx'): Promise<{ status: number; rows: string[][]; raw: Buffer; headers: Record<string, unknown> }> {
  const res = await s.inject({ method: 'GET', url: `/api/payroll/rolls/${county}/${rollId}/export?format=${format}` });
  const raw = res.rawPayload;
  if (res.statusCode !== 200) return { status: res.statusCode, rows: [], raw, headers: res.headers };
  if (format === 'csv') return { status: 200, rows: parse(raw, { bom: true, relax_column_count: true }) as string[][], raw, headers: res.headers };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(raw as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return { status: 200, rows, raw, headers: res.headers };
}

/** A result file made from a bank file: every row paid unless its 序号 is in `failed` (with a reason). */
export function resultCsv(bankRows: string[][], failed: ReadonlyMap<number, string> = new Map()): string {
  const [header, ...rest] = bankRows;
  const quote = (c: string) => (/[",\n\r]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  const lines = [[...header, '结果', '失败原因']];
  for (const r of rest) {
    if (r[0] === '合计') lines.push([...r, '', '']);
    else {
      const reason = failed.get(Number(r[1]));
      lines.push([...r, reason ? '失败' : '成功', reason ?? '']);
    }
  }
  return `${lines.map((l) => l.map(quote).join(',')).join('\r\n')}\r\n`;
}

export async function uploadResults(s: RawSession, county: string, rollId: string, body: string | Buffer, format: 'csv' | 'xlsx' = 'csv') {
  const type = format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return s.inject({ method: 'POST', url: `/api/payroll/rolls/${county}/${rollId}/results?format=${format}`, payload: body, headers: { 'content-type': type } });
}

export type { FastifyInstance };
