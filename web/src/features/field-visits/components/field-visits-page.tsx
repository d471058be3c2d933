import { CloudDownloadOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useUser } from '../../../lib/auth.tsx';
import { chinaDateTime } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { currentBase, downloadVisits } from '../api/field-visits-api.ts';
import { useSyncNow } from './use-sync-now.ts';
import { findingsOf, formPath, investigatorNames, placeOf, visitDayOf, officePath, rebase, sameTarget, targetKey, targetOf, titleOf, type VisitRecord, type DeviceVisit } from '../model/visit-model.ts';
import type { DeviceStore } from '../store/device-store.ts';
import { notifyFieldVisitsChanged, useDeviceData, useOnline } from '../store/use-device-store.ts';

const STATUS_COLOR = { pending: 'processing', synced: 'success', conflict: 'error', refused: 'warning' } as const;

function TaskCard({ task, recorded }: { task: DeviceVisit; recorded: VisitRecord | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const target = targetOf(task);
  return (
    <Card size="small" className="section-card" data-testid="fv-task" data-kind={task.kind} data-case={target.id}>
      <Descriptions
        size="small"
        column={1}
        title={
          <Space wrap>
            {titleOf(task)}
            <Tag color={task.kind === 'review' ? 'purple' : undefined}>{t(`fieldVisits.task.kinds.${task.kind}`)}</Tag>
          </Space>
        }
        items={[
          { key: 'a', label: t('fieldVisits.task.area'), children: task.areaName },
          { key: 'd', label: t('fieldVisits.task.address'), children: placeOf(task) },
          ...(task.kind === 'review' && task.reportedChange ? [{ key: 'c', label: t('fieldVisits.task.reportedChange'), children: task.reportedChange }] : []),
          { key: 'due', label: t('fieldVisits.task.due'), children: task.dueDate ?? '—' },
          { key: 'b', label: '', children: <Typography.Text type="secondary">{t(`fieldVisits.task.base.${task.kind}`, { version: task.base.version })}</Typography.Text> },
        ]}
      />
      {recorded ? (
        <Tag color={STATUS_COLOR[recorded.status]}>
          {t('fieldVisits.task.recorded')} · {t(`fieldVisits.status.${recorded.status}`)}
        </Tag>
      ) : (
        <Button type="primary" block onClick={() => navigate(formPath(target))} data-testid={`fv-open-${target.id}`}>
          {t(`fieldVisits.task.open.${task.kind}`)}
        </Button>
      )}
    </Card>
  );
}

function RecordCard({ r, store }: { r: VisitRecord; store: DeviceStore }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { modal, message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const photos = r.files.filter((f) => f.kind === 'photo').length;
  const signatures = r.files.filter((f) => f.kind === 'signature').length;
  const discard = () =>
    modal.confirm({
      title: t('fieldVisits.record.discard'),
      content: t('fieldVisits.record.discardConfirm'),
      okButtonProps: { danger: true, 'data-testid': 'fv-discard-ok' } as never,
      onOk: async () => {
        await store.deleteVisit(r.visitId);
        notifyFieldVisitsChanged();
      },
    });
  const again = async () => {
    setBusy(true);
    try {
      const next = rebase(r, await currentBase(r.target));
      if (!next) {
        void message.warning(t('fieldVisits.record.rebaseImpossible'));
        return;
      }
      await store.putVisit(next);
      notifyFieldVisitsChanged();
      void message.success(t('fieldVisits.record.rebased'));
    } catch (e) {
      void message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
    } finally {
      setBusy(false);
    }
  };
  const mine = (
    <Descriptions
      size="small"
      column={1}
      title={t('fieldVisits.record.mine')}
      items={[
        { key: 'w', label: t('cases.form.investigatedOn'), children: visitDayOf(r) },
        { key: 'i', label: t('cases.records.investigators'), children: investigatorNames(r).join('、') },
        { key: 'f', label: t('cases.form.findings'), children: findingsOf(r) || '—' },
        { key: 'r', label: t('fieldVisits.record.recordedAt'), children: <span data-testid="fv-recorded-at">{chinaDateTime(r.recordedAt)}</span> },
        { key: 'p', label: t('fieldVisits.form.photos'), children: `${t('fieldVisits.record.photos', { n: photos })}，${t('fieldVisits.record.signatures', { n: signatures })}` },
        { key: 'b', label: '', children: <Typography.Text type="secondary">{t(`fieldVisits.task.base.${r.kind}`, { version: r.base.version })}</Typography.Text> },
      ]}
    />
  );
  return (
    <Card
      size="small"
      className="section-card"
      data-testid="fv-record"
      data-kind={r.kind}
      data-case={r.target.id}
      data-status={r.status}
      title={
        <Space wrap>
          {r.title}
          <Tag color={r.kind === 'review' ? 'purple' : undefined}>{t(`fieldVisits.task.kinds.${r.kind}`)}</Tag>
          <Tag color={STATUS_COLOR[r.status]} data-testid="fv-record-status">
            {t(`fieldVisits.status.${r.status}`)}
          </Tag>
        </Space>
      }
      extra={<Link to={officePath(r.target)}>{t(`fieldVisits.record.open.${r.kind}`)}</Link>}
    >
      {r.message && <Alert type={r.status === 'conflict' ? 'error' : 'warning'} showIcon title={bilingual(r.message)} style={{ marginBottom: 12 }} data-testid="fv-record-message" />}
      {r.status === 'conflict' ? (
        <Row gutter={16}>
          <Col xs={24} md={12}>
            {mine}
          </Col>
          <Col xs={24} md={12} data-testid="fv-server-side">
            <Typography.Text strong>{t(`fieldVisits.record.server.${r.kind}`)}</Typography.Text>
            {r.server ? (
              <>
                <div>{t(`fieldVisits.record.serverState.${r.kind}`, { version: r.server.version, state: bilingual(r.server.stateLabel) })}</div>
                <div>
                  {r.server.investigation
                    ? t('fieldVisits.record.serverInvestigation', { on: r.server.investigation.investigatedOn, who: r.server.investigation.investigators.join('、') })
                    : t('fieldVisits.record.serverNoInvestigation')}
                </div>
              </>
            ) : (
              <div>—</div>
            )}
          </Col>
        </Row>
      ) : (
        mine
      )}
      {r.status === 'synced' && (
        <div>
          {t('fieldVisits.record.receivedAt')}：<span data-testid="fv-received-at">{chinaDateTime(r.receivedAt)}</span>
        </div>
      )}
      {(r.status === 'conflict' || r.status === 'refused') && (
        <Space wrap style={{ marginTop: 8 }}>
          <Button danger onClick={discard} data-testid="fv-discard">
            {t('fieldVisits.record.discard')}
          </Button>
          <Button onClick={() => void again()} loading={busy} data-testid="fv-rebase">
            {t('fieldVisits.record.rebase')}
          </Button>
        </Space>
      )}
    </Card>
  );
}

/**
 * 外出走访 The field visits on this device (issue 17 point 4, ADR 0051): download the assigned visits while online, open
 * one to record it (offline or not), and see each recorded visit's state — waiting, synced (with both times), or in
 * conflict with the server's side beside the phone's, kept until the user discards it or sends it against the new base.
 */
export default function FieldVisitsPage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const user = useUser();
  const online = useOnline();
  const { message } = App.useApp();
  const { data, error } = useDeviceData(user.id);
  const [busy, setBusy] = useState<'download' | 'sync' | null>(null);
  const syncNow = useSyncNow();
  if (error) return <ErrorResult error={error} />;

  const download = async () => {
    if (!data) return;
    setBusy('download');
    try {
      const list = await downloadVisits(data.store);
      notifyFieldVisitsChanged();
      void message.success(t('fieldVisits.downloaded', { count: list.items.length }));
    } catch (e) {
      void message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
    } finally {
      setBusy(null);
    }
  };
  const sync = async () => {
    if (!data) return;
    setBusy('sync');
    try {
      await syncNow(data.store);
    } finally {
      setBusy(null);
    }
  };
  const recordOf = (task: DeviceVisit) => data?.visits.find((v) => sameTarget(v.target, targetOf(task)) && v.base.version === task.base.version);
  return (
    <div data-testid="field-visits-page">
      <PageHeader
        title={
          <Space>
            {t('fieldVisits.title')}
            <Tag color={online ? 'success' : 'default'} data-testid="fv-online" data-online={String(online)}>
              {online ? t('fieldVisits.online') : t('fieldVisits.offline')}
            </Tag>
          </Space>
        }
        subtitle={t('fieldVisits.subtitle')}
        extra={
          <Space wrap>
            <Button type="primary" icon={<CloudDownloadOutlined />} onClick={() => void download()} loading={busy === 'download'} disabled={!online || !data} data-testid="fv-download">
              {t('fieldVisits.download')}
            </Button>
            <Button icon={<SyncOutlined />} onClick={() => void sync()} loading={busy === 'sync'} disabled={!online || !data} data-testid="fv-sync">
              {t('fieldVisits.sync')}
            </Button>
          </Space>
        }
      />
      <Alert type="info" showIcon title={t('fieldVisits.deviceNote')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph type="secondary" data-testid="fv-downloaded-at">
        {data?.downloadedAt ? t('fieldVisits.downloadedAt', { at: chinaDateTime(data.downloadedAt) }) : t('fieldVisits.neverDownloaded')}
      </Typography.Paragraph>
      <Typography.Title level={5}>{t('fieldVisits.visits')}</Typography.Title>
      {data && data.visits.length === 0 && <Empty description={t('fieldVisits.noVisits')} />}
      {data?.visits.map((r) => <RecordCard key={r.visitId} r={r} store={data.store} />)}
      <Typography.Title level={5}>{t('fieldVisits.tasks')}</Typography.Title>
      {data && data.tasks.length === 0 && <Empty description={t('fieldVisits.noTasks')} />}
      {data?.tasks.map((task) => <TaskCard key={targetKey(targetOf(task))} task={task} recorded={recordOf(task)} />)}
    </div>
  );
}
