import type { CaseDetail } from '#contracts/cases.ts';
import type { AssignedVisit, AssignedVisitList, FieldVisitSynced } from '#contracts/field-visits.ts';
import type { SessionInfo } from '#contracts/session.ts';
import { apiRequest, apiUpload, isApiRequestError, setCsrfToken } from '../../../lib/api-client.ts';
import { afterSync, type ServerSide, shouldSync, type SyncOutcome, syncRequest, type VisitRecord } from '../model/visit-model.ts';
import type { DeviceStore } from '../store/device-store.ts';

/**
 * 下载与同步 The field visits' traffic with the server (ADR 0051): the download of the assigned visits into the
 * device store, and the sync of the visits recorded offline — each visit's photos and signatures uploaded as case files
 * of the investigate step (the case-file route, ADR 0049; each marked on the record once uploaded, so a retry does not
 * send it again), then the investigation sent with the time it was recorded and its base.
 */
export async function downloadVisits(store: DeviceStore): Promise<AssignedVisitList> {
  const list = await apiRequest<AssignedVisitList>('/api/field-visits');
  // The device records the case investigation so far; the other kinds are listed by the server (ADR 0051 amended).
  await store.saveTasks(list.items.filter((v): v is AssignedVisit => v.kind === 'investigation'), list.downloadedAt);
  return list;
}

const caseUrl = (r: Pick<VisitRecord, 'countyCode' | 'caseId'>) => `/api/cases/${r.countyCode}/${encodeURIComponent(r.caseId)}`;

function serverSide(c: CaseDetail): ServerSide {
  const last = c.records.investigations[c.records.investigations.length - 1];
  return {
    version: c.version,
    state: c.state,
    stateLabel: c.stateLabel,
    investigation: last
      ? { investigatedOn: last.investigatedOn, investigators: last.investigators, findings: last.findings, recordedAt: last.recordedAt ?? null, receivedAt: last.receivedAt }
      : null,
  };
}

const arrivedOf = (c: CaseDetail, visitId: string) => c.records.investigations.find((i) => i.visitId === visitId);

const CHANGED = {
  zh: '案件在下载走访任务后已有变化，本次入户记录未提交，仍保留在手机上，请核对后放弃或按最新案件重新记录',
  en: 'The case changed after the visit was downloaded; the record was not sent and stays on the phone — check it, then discard it or record it again against the case as it is now',
};

/** One visit's sync: what happened, as the model's outcome (the record itself is updated by the caller). */
async function syncOne(store: DeviceStore, record: VisitRecord): Promise<SyncOutcome> {
  let r = record;
  try {
    // The case as it stands: a visit that already arrived (its answer lost) is done; a case that moved on is a conflict
    // before anything is uploaded for it.
    const now = await apiRequest<CaseDetail>(caseUrl(r));
    const arrived = arrivedOf(now, r.visitId);
    if (arrived) return { kind: 'synced', receivedAt: arrived.receivedAt };
    if (now.version !== r.base.version || now.state !== r.base.state) return { kind: 'conflict', message: CHANGED, server: serverSide(now) };
    for (const f of r.files) {
      if (f.uploadedAs) continue;
      const blob = await store.file(f.id);
      if (!blob) continue;
      const up = await apiUpload<{ id: string }>(`${caseUrl(r)}/files`, blob, { step: 'investigate', type: f.kind === 'photo' ? 'photo' : 'signature', name: f.name });
      r = { ...r, files: r.files.map((x) => (x.id === f.id ? { ...x, uploadedAs: up.id } : x)) };
      await store.putVisit(r);
    }
    const done = await apiRequest<FieldVisitSynced>(`${caseUrl(r)}/field-visit`, { method: 'POST', body: syncRequest(r) });
    return { kind: 'synced', receivedAt: arrivedOf(done.case, r.visitId)?.receivedAt };
  } catch (e) {
    if (!isApiRequestError(e) || e.status === 0 || e.status === 401 || e.status >= 500) return { kind: 'offline' };
    if (e.code === 'FIELD_VISIT_CONFLICT') {
      const now = await apiRequest<CaseDetail>(caseUrl(r)).catch(() => null);
      return { kind: 'conflict', message: e.messages, server: now ? serverSide(now) : undefined };
    }
    return { kind: 'refused', message: e.messages };
  }
}

let running: Promise<SyncSummary> | null = null;

export interface SyncSummary {
  synced: number;
  conflicts: number;
  refused: number;
  pending: number;
  /** The session is gone: sign in again, then sync. */
  signedOut: boolean;
}

/**
 * Syncs every pending visit, one after another (one sync at a time on the device: the `online` event and the button
 * share it). The session is read first so the CSRF token is the current one (the app may have started offline).
 */
export function syncAll(store: DeviceStore): Promise<SyncSummary> {
  running ??= (async () => {
    const summary: SyncSummary = { synced: 0, conflicts: 0, refused: 0, pending: 0, signedOut: false };
    try {
      const info = await apiRequest<SessionInfo>('/api/session');
      setCsrfToken(info.csrfToken);
    } catch (e) {
      summary.signedOut = isApiRequestError(e) && e.status === 401;
      summary.pending = (await store.visits()).filter(shouldSync).length;
      return summary;
    }
    for (const r of await store.visits()) {
      if (!shouldSync(r)) continue;
      const outcome = await syncOne(store, r);
      const latest = (await store.visit(r.visitId)) ?? r;
      const next = afterSync(latest, outcome);
      await store.putVisit(next);
      if (next.status === 'synced') summary.synced++;
      else if (next.status === 'conflict') summary.conflicts++;
      else if (next.status === 'refused') summary.refused++;
      else summary.pending++;
    }
    return summary;
  })().finally(() => {
    running = null;
  });
  return running;
}

/** The case as it now stands, for re-basing a record after a conflict. */
export const currentCase = (r: Pick<VisitRecord, 'countyCode' | 'caseId'>) => apiRequest<CaseDetail>(caseUrl(r));
