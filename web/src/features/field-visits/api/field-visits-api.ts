import type { CaseDetail } from '#contracts/cases.ts';
import type { ReviewDetail } from '#contracts/enrollments.ts';
import { type AssignedVisitList, type FieldVisitSynced, type ReviewVisitSynced, SCREENING_VISIT_STATE_LABELS, type ScreeningVisitSynced } from '#contracts/field-visits.ts';
import type { RowDetail } from '#contracts/screening.ts';
import type { SessionInfo } from '#contracts/session.ts';
import { apiRequest, apiUpload, isApiRequestError, setCsrfToken } from '../../../lib/api-client.ts';
import { afterSync, fileUpload, isDeviceVisit, type ServerSide, shouldSync, type SyncOutcome, syncRequest, takesFiles, type VisitKind, type VisitRecord, type VisitTarget } from '../model/visit-model.ts';
import type { DeviceStore } from '../store/device-store.ts';

/**
 * 下载与同步 The field visits' traffic with the server (ADR 0051): the download of the assigned visits (every kind)
 * into the device store, and the one sync of the visits recorded offline, over a small table per kind (where the case
 * or review lives, how it is read, its sync route) — a visit's photos and signatures uploaded first as files of the
 * owner its kind files them on (`fileUpload`: the case's investigate or spot_visit step, the reviewed household, the
 * ledger row; ADR 0049, 0050; each marked on the record once uploaded, so a retry does not send it again), then the
 * visit sent with the time it was recorded and its base.
 */
export async function downloadVisits(store: DeviceStore): Promise<AssignedVisitList> {
  const list = await apiRequest<AssignedVisitList>('/api/field-visits');
  await store.saveTasks(list.items.filter(isDeviceVisit), list.downloadedAt);
  return list;
}

/** What was visited as the server has it now: where it stands, whether this visit already arrived, the side shown in a conflict. */
interface Current {
  version: number;
  state: string;
  /** When the visit arrived, if it did (`null`: it did not; `undefined` inside: arrived, time not shown). */
  arrived: (visitId: string) => { receivedAt?: string } | null;
  server: ServerSide;
  /** A review's household, where its photos and signatures are filed. */
  householdId?: string;
}

/** Per kind: where the thing visited lives on the server, how to read it, where its visit is synced. One sync over them. */
interface KindApi {
  url: (t: VisitTarget) => string;
  read: (t: VisitTarget) => Promise<Current>;
  /** The answer of the sync route, read the same way. */
  synced: (answer: unknown) => Current;
  /** Said when it moved on since the base (found before anything is sent). */
  changed: { zh: string; en: string };
  /** Where its visit is synced, when not `${url}/field-visit` (the case's second sync body, the spot visit). */
  syncUrl?: (t: VisitTarget) => string;
}

/** What the device says when the thing visited changed before the record was sent (the server's 409 says the same). */
const changed = (zh: string, en: string) => ({
  zh: `${zh}在下载走访任务后已有变化，本次入户记录未提交，仍保留在手机上，请核对后放弃或按最新${zh}重新记录`,
  en: `The ${en} changed after the visit was downloaded; the record was not sent and stays on the phone — check it, then discard it or record it again against the ${en} as it is now`,
});

function caseCurrent(c: CaseDetail): Current {
  const last = c.records.investigations[c.records.investigations.length - 1];
  return {
    version: c.version,
    state: c.state,
    arrived: (visitId) => {
      const i = c.records.investigations.find((x) => x.visitId === visitId);
      return i ? { receivedAt: i.receivedAt } : null;
    },
    server: {
      version: c.version,
      state: c.state,
      stateLabel: c.stateLabel,
      investigation: last
        ? { investigatedOn: last.investigatedOn, investigators: last.investigators, findings: last.findings, recordedAt: last.recordedAt ?? null, receivedAt: last.receivedAt }
        : null,
    },
  };
}

function reviewCurrent(r: ReviewDetail): Current {
  const steps = r.timeline.filter((e) => e.step === 'investigate');
  const last = steps[steps.length - 1];
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    version: r.version,
    state: r.state,
    householdId: r.householdId,
    arrived: (visitId) => {
      const e = steps.find((x) => x.visitId === visitId);
      return e ? { receivedAt: e.at } : null;
    },
    server: {
      version: r.version,
      state: r.state,
      stateLabel: r.stateLabel,
      investigation: last
        ? {
            investigatedOn: text(last.record.investigatedOn),
            investigators: Array.isArray(last.record.investigators) ? last.record.investigators.map(String) : [],
            findings: text(last.record.findings),
            recordedAt: last.recordedAt ?? null,
            receivedAt: last.at,
          }
        : null,
    },
  };
}

function rowCurrent(r: RowDetail): Current {
  const state = r.conclusion !== null ? 'concluded' : r.findings !== null ? 'verified' : 'open';
  const last = r.methods.at(-1);
  return {
    version: r.version,
    state,
    arrived: (visitId) => (r.visit?.visitId === visitId ? { receivedAt: r.updated?.at } : null),
    server: {
      version: r.version,
      state,
      stateLabel: SCREENING_VISIT_STATE_LABELS[state],
      investigation:
        r.findings || last
          ? { investigatedOn: last?.date ?? '', investigators: [...new Set(r.methods.flatMap((m) => m.staff))], findings: r.findings?.note ?? '', recordedAt: r.visit?.recordedAt ?? null, receivedAt: r.updated?.at }
          : null,
    },
  };
}

/** A case as its spot visit sees it: the spot visit this visit id recorded, arrived when its timeline event was written. */
function spotCurrent(c: CaseDetail): Current {
  const last = c.records.spotVisits.at(-1);
  return {
    version: c.version,
    state: c.state,
    arrived: (visitId) => {
      if (!c.records.spotVisits.some((v) => v.visitId === visitId)) return null;
      return { receivedAt: c.timeline.find((e) => e.step === 'spot_visit' && e.payload.visitId === visitId)?.at };
    },
    server: {
      version: c.version,
      state: c.state,
      stateLabel: c.stateLabel,
      investigation: last ? { investigatedOn: last.visitedOn, investigators: last.visitors, findings: last.note, recordedAt: last.recordedAt ?? null } : null,
    },
  };
}

const caseUrl = (t: VisitTarget) => `/api/cases/${t.countyCode}/${encodeURIComponent(t.id)}`;

const KINDS: Record<VisitKind, KindApi> = {
  investigation: {
    url: (t) => `/api/cases/${t.countyCode}/${encodeURIComponent(t.id)}`,
    read: async (t) => caseCurrent(await apiRequest<CaseDetail>(KINDS.investigation.url(t))),
    synced: (a) => caseCurrent((a as FieldVisitSynced).case),
    changed: changed('案件', 'case'),
  },
  review: {
    url: (t) => `/api/reviews/${t.countyCode}/${encodeURIComponent(t.id)}`,
    read: async (t) => reviewCurrent(await apiRequest<ReviewDetail>(KINDS.review.url(t))),
    synced: (a) => reviewCurrent((a as ReviewVisitSynced).review),
    changed: changed('复核', 'review'),
  },
  spot_check: {
    url: caseUrl,
    read: async (t) => spotCurrent(await apiRequest<CaseDetail>(caseUrl(t))),
    synced: (a) => spotCurrent((a as FieldVisitSynced).case),
    changed: changed('案件', 'case'),
    syncUrl: (t) => `${caseUrl(t)}/spot-visit/field-visit`,
  },
  screening: {
    url: (t) => `/api/screening/campaigns/${t.countyCode}/${encodeURIComponent(t.campaignId ?? '')}/rows/${t.countyCode}/${encodeURIComponent(t.id)}`,
    read: async (t) => rowCurrent(await apiRequest<RowDetail>(KINDS.screening.url(t))),
    synced: (a) => rowCurrent((a as ScreeningVisitSynced).row),
    changed: changed('台账记录', 'ledger row'),
  },
};


/** One visit's sync, whatever its kind: what happened, as the model's outcome (the record itself is updated by the caller). */
async function syncOne(store: DeviceStore, record: VisitRecord): Promise<SyncOutcome> {
  let r = record;
  const api = KINDS[r.kind];
  try {
    // What was visited as it stands: a visit that already arrived (its answer lost) is done; one that moved on is a
    // conflict before anything is uploaded for it.
    const now = await api.read(r.target);
    const arrived = now.arrived(r.visitId);
    if (arrived) return { kind: 'synced', receivedAt: arrived.receivedAt };
    if (now.version !== r.base.version || now.state !== r.base.state) return { kind: 'conflict', message: api.changed, server: now.server };
    for (const f of takesFiles(r.kind) ? r.files : []) {
      if (f.uploadedAs) continue;
      const blob = await store.file(f.id);
      const to = fileUpload(r.target, f, r.target.householdId ?? now.householdId);
      if (!blob || !to) continue;
      const up = await apiUpload<{ id: string }>(to.path, blob, to.query);
      r = { ...r, files: r.files.map((x) => (x.id === f.id ? { ...x, uploadedAs: up.id } : x)) };
      await store.putVisit(r);
    }
    const answer = await apiRequest<unknown>(api.syncUrl?.(r.target) ?? `${api.url(r.target)}/field-visit`, { method: 'POST', body: syncRequest(r).body });
    return { kind: 'synced', receivedAt: api.synced(answer).arrived(r.visitId)?.receivedAt };
  } catch (e) {
    if (!isApiRequestError(e) || e.status === 0 || e.status === 401 || e.status >= 500) return { kind: 'offline' };
    if (e.code === 'FIELD_VISIT_CONFLICT') {
      const now = await api.read(r.target).catch(() => null);
      return { kind: 'conflict', message: e.messages, server: now?.server };
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

/** The version and state of what was visited as it now stands, for re-basing a record after a conflict. */
export async function currentBase(t: VisitTarget): Promise<{ version: number; state: string }> {
  const now = await KINDS[t.kind].read(t);
  return { version: now.version, state: now.state };
}
