import { Alert, App, Button, Card, Descriptions, Form, Image, List, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useUser } from '../../../lib/auth.tsx';
import { InvestigationFields } from '../../cases/components/investigation-fields.tsx';
import { initialStepValues, type Values } from '../../cases/components/step-form-model.ts';
import { StepFields as ReviewStepFields } from '../../enrollments/components/review-drawer.tsx';
import { initialReviewValues } from '../../enrollments/components/review-step-model.ts';
import { RowFillFields } from '../../screening/components/row-fill-fields.tsx';
import { Fields as CaseStepFields } from '../../cases/components/step-form.tsx';
import { memberInitial } from '../../screening/components/row-form-model.ts';
import { chinaToday } from '../../../lib/format.ts';
import { newVisit, placeOf, SIGNATURE_ROLES, takesFiles, titleOf, type VisitFile, type VisitKind, visitBody, type DeviceVisit } from '../model/visit-model.ts';
import type { DeviceStore } from '../store/device-store.ts';
import { deviceStoreFor, notifyFieldVisitsChanged } from '../store/use-device-store.ts';
import { useSyncNow } from './use-sync-now.ts';
import { type Pads, SignatureField, signaturePng } from './signature-field.tsx';

/** The investigation's fields whose labels the office form has (`cases.form.*`). */
const FIELD_LABELS = new Set(['investigators', 'investigatedOn', 'homeVisitOn', 'neighbourVisits', 'writtenEvidence', 'dataCheck', 'checkedOn', 'dataCheckReasons', 'findings']);
/** The spot visit's fields, labelled as in the office's step form (`cases.form.*`). */
const SPOT_FIELD_LABELS = new Set(['visitedOn', 'visitors', 'finding', 'note']);
/** The review investigation's fields, labelled as in the review drawer (`reviews.field.*`). */
const REVIEW_FIELD_LABELS = new Set(['investigators', 'investigatedOn', 'homeVisitOn', 'findings']);

/** The members as the form lists them: the registry's, or the office's record for a ledger row. */
function membersOf(task: DeviceVisit): { name: string; relation: string | null; birthDate: string | null }[] {
  return task.kind === 'screening' ? task.members : task.household.members;
}

/** The form's start: the office form's for the kind (a ledger row: a home visit today, the members as the office recorded them). */
function initialValuesOf(task: DeviceVisit): Values {
  if (task.kind === 'review') return initialReviewValues();
  if (task.kind === 'spot_check') return initialStepValues('spot_visit');
  if (task.kind === 'screening') {
    return {
      methods: [{ method: 'home_visit', date: chinaToday(), staff: '' }],
      income: '',
      assets: '0',
      vehicles: 0,
      note: '',
      members: task.members.map((m) => memberInitial({ findings: null }, { ...m, relation: m.relation ?? '', health: (m.health ?? 'healthy') as 'healthy', laborCapacity: m.laborCapacity ?? '', matched: false })),
    };
  }
  return initialStepValues('investigate');
}

interface Photo {
  file: File;
  /** A data: URL for the thumbnail (the app's CSP allows data: images, not blob:). */
  preview: string;
}

function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

/**
 * 入户调查（离线）The home visit recorded in the home (issue 17 point 4, ADR 0051), one page for every kind: the
 * office's own fields and rules for the kind — a case's investigation (`InvestigationFields`), a periodic review's (the
 * review drawer's investigation fields), a ledger row's verification visit or the county's spot visit — checked by the
 * contract's schema through the office form's model, with photos from the camera and the applicant's and both
 * investigators' signatures on the screen for every kind (filed where the kind's files go, `fileUpload`). Saved encrypted
 * on the device with the time it was recorded and the version visited as its base; synced at once when online,
 * otherwise when the network returns.
 */
export default function VisitFormPage({ kind = 'investigation' }: { kind?: VisitKind }) {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { county = '', id = '', campaignId } = useParams();
  const [form] = Form.useForm();
  const pads = useRef<Pads>({});
  const [loaded, setLoaded] = useState<{ store: DeviceStore; task: DeviceVisit | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const syncNow = useSyncNow();

  useEffect(() => {
    deviceStoreFor(user.id)
      .then(async (store) => setLoaded({ store, task: await store.task({ kind, countyCode: county, id, ...(campaignId ? { campaignId } : {}) }) }))
      .catch(setError);
  }, [user.id, kind, county, id, campaignId]);

  if (error) return <ErrorResult error={error} />;
  if (!loaded) return null;
  const { store, task } = loaded;
  if (!task) {
    return (
      <Alert
        type="warning"
        showIcon
        title={t('fieldVisits.form.missingTask')}
        action={<Link to="/field-visits">{t('fieldVisits.form.back')}</Link>}
        data-testid="fv-missing-task"
      />
    );
  }

  const files = takesFiles(task.kind);
  const addPhotos = async (files: FileList | null) => {
    const added = await Promise.all([...(files ?? [])].map(async (file) => ({ file, preview: await readAsDataUrl(file) })));
    setPhotos((p) => [...p, ...added]);
  };

  const save = async (values: Values) => {
    setProblem(null);
    const checked = visitBody(task.kind, values, task.base);
    if (!checked.ok) {
      // The fields named by their labels on the form (never the schema's English paths).
      const label = (path: string) => {
        const [first, second] = path.split('.');
        if (task.kind === 'review') return REVIEW_FIELD_LABELS.has(first) ? t(`reviews.field.${first}`) : t('fieldVisits.form.otherField');
        if (task.kind === 'spot_check') return SPOT_FIELD_LABELS.has(first) ? t(`cases.form.${first}`) : t('fieldVisits.form.otherField');
        if (task.kind === 'screening') return first === 'methods' ? t('screening.drawer.methods') : first === 'findings' ? t('screening.drawer.findings') : t('fieldVisits.form.otherField');
        const key = first === 'dataCheck' ? (second === 'checkedOn' ? 'checkedOn' : second === 'reasons' ? 'dataCheckReasons' : 'dataCheck') : first;
        return FIELD_LABELS.has(key) ? t(`cases.form.${key}`) : t('fieldVisits.form.otherField');
      };
      if (checked.issues.some((i) => i.message === 'HOME_VISIT_MISSING')) {
        setProblem(t('fieldVisits.form.homeVisitMissing'));
        return;
      }
      setProblem(t('fieldVisits.form.invalid', { fields: [...new Set(checked.issues.map((i) => label(i.path)))].join('、') }));
      return;
    }
    const drawn = files ? await Promise.all(SIGNATURE_ROLES.map(async (role) => ({ role, png: await signaturePng(pads.current[role]) }))) : [];
    if (drawn.some((d) => !d.png)) {
      setProblem(t('fieldVisits.form.signatureMissing'));
      return;
    }
    setSaving(true);
    try {
      const visitId = crypto.randomUUID();
      const kept: VisitFile[] = [];
      for (const [i, p] of files ? photos.entries() : []) {
        const fid = `${visitId}-photo-${i}`;
        await store.putFile(fid, p.file);
        kept.push({ id: fid, kind: 'photo', name: p.file.name || `照片${i + 1}.jpg`, mediaType: p.file.type || 'image/jpeg' });
      }
      for (const d of drawn) {
        const fid = `${visitId}-signature-${d.role}`;
        await store.putFile(fid, d.png as Blob);
        kept.push({ id: fid, kind: 'signature', role: d.role, name: `${t(`fieldVisits.form.roles.${d.role}`)}.png`, mediaType: 'image/png' });
      }
      await store.putVisit(newVisit(task, checked, kept, { visitId, now: new Date() }));
      notifyFieldVisitsChanged();
      void message.success(t('fieldVisits.form.saved'));
      navigate('/field-visits');
      if (navigator.onLine) void syncNow(store);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="fv-form-page">
      <PageHeader title={t(`fieldVisits.form.titles.${task.kind}`)} subtitle={`${titleOf(task)} · ${task.areaName}`} breadcrumb={<Link to="/field-visits">{t('fieldVisits.form.back')}</Link>} />
      <Card size="small" className="section-card" title={t('fieldVisits.form.household')}>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'a', label: t('fieldVisits.task.address'), children: placeOf(task) },
            { key: 'h', label: t(task.kind === 'investigation' ? 'fieldVisits.task.applicant' : 'fieldVisits.task.head'), children: titleOf(task) },
            ...(task.kind === 'review' && task.reportedChange ? [{ key: 'c', label: t('fieldVisits.task.reportedChange'), children: task.reportedChange }] : []),
          ]}
        />
        <List
          size="small"
          header={<Typography.Text strong>{t('fieldVisits.form.members')}</Typography.Text>}
          dataSource={membersOf(task)}
          renderItem={(m) => (
            <List.Item>
              {t('fieldVisits.form.member', { name: m.name, relation: t(`registry.relation.${m.relation}`, { defaultValue: m.relation }), birth: m.birthDate ?? '—' })}
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" className="section-card">
        <Form form={form} layout="vertical" initialValues={initialValuesOf(task)} onFinish={(v) => void save(v)} data-testid="fv-form" data-kind={task.kind}>
          {task.kind === 'review' ? (
            <ReviewStepFields step="investigate" gradualMax={null} />
          ) : task.kind === 'screening' ? (
            <RowFillFields memberNames={task.members.map((m) => m.name)} />
          ) : task.kind === 'spot_check' ? (
            <CaseStepFields step="spot_visit" />
          ) : (
            <InvestigationFields />
          )}
          {files && (
          <>
          <Form.Item label={t('fieldVisits.form.photos')}>
            <Space wrap>
              {photos.map((p, i) => (
                <Space key={p.preview.slice(-32) + String(i)} orientation="vertical" align="center">
                  <Image src={p.preview} width={96} height={96} style={{ objectFit: 'cover' }} data-testid="fv-photo-thumb" />
                  <Button size="small" onClick={() => setPhotos((all) => all.filter((_, j) => j !== i))}>
                    {t('fieldVisits.form.removePhoto')}
                  </Button>
                </Space>
              ))}
            </Space>
            <div style={{ marginTop: 8 }}>
              <label className="ant-btn ant-btn-default" style={{ display: 'inline-flex', alignItems: 'center', padding: '4px 15px', cursor: 'pointer' }}>
                {t('fieldVisits.form.addPhoto')}
                <input
                  type="file"
                  accept="image/*"
                  capture="environment"
                  multiple
                  style={{ display: 'none' }}
                  data-testid="fv-photo-input"
                  onChange={(e) => {
                    void addPhotos(e.target.files);
                    e.target.value = '';
                  }}
                />
              </label>
            </div>
          </Form.Item>
          <Form.Item label={t('fieldVisits.form.signatures')} required extra={t('fieldVisits.form.signatureHint')}>
            {SIGNATURE_ROLES.map((role) => (
              <SignatureField key={role} role={role} pads={pads} />
            ))}
          </Form.Item>
          </>
          )}
          {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} data-testid="fv-form-error" />}
          <Button type="primary" htmlType="submit" block loading={saving} data-testid="fv-save">
            {t('fieldVisits.form.save')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
