import { CheckCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '#contracts/cases.ts';
import { DELIBERATION_STAGE_VALUES, DISCLOSURE_KIND_VALUES } from '#contracts/four-deliberations.ts';
import { useCan } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import type { Stage } from './four-deliberations-model.ts';
import { DisclosureModal, StageModal } from './four-deliberations-forms.tsx';

type Kind = (typeof DISCLOSURE_KIND_VALUES)[number];

/**
 * 四议两公开 on a case page (ADR 0036): the four stages in order and the two disclosures, each recorded or not, with
 * the form to record or correct it (the users of the village deliberation: cases.investigate). Shown for every case;
 * on a case from the screening campaign the stages and 决议公开 are marked required and what township review still
 * waits for is said above them (the review button itself shows the same reason, disabled).
 */
export function FourDeliberationsCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const may = useCan('cases.investigate');
  const fd = detail.fourDeliberations;
  const [stage, setStage] = useState<Stage | null>(null);
  const [disclosure, setDisclosure] = useState<Kind | null>(null);
  const byStage = new Map(fd.stages.map((s) => [s.stage, s]));
  const lastDisclosure = (k: Kind) => fd.disclosures.filter((d) => d.kind === k).at(-1);
  const done = () => message.success(t('fourDeliberations.saved'));
  const mark = (required: boolean, recorded: boolean) =>
    recorded ? <CheckCircleOutlined style={{ color: '#389e0d' }} /> : required ? <ExclamationCircleOutlined style={{ color: '#d4380d' }} /> : <span style={{ display: 'inline-block', width: 14 }} />;

  return (
    <Card
      title={t('fourDeliberations.title')}
      className="section-card"
      data-testid="four-deliberations"
      data-required={String(fd.required)}
      extra={fd.required ? <Tag color="volcano" data-testid="fd-required-tag">{t('fourDeliberations.required')}</Tag> : undefined}
    >
      {fd.required ? (
        fd.missing ? (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="fd-missing" title={t('fourDeliberations.requiredTag')} description={bilingual(fd.missing.message)} />
        ) : (
          <Alert type="success" showIcon style={{ marginBottom: 12 }} data-testid="fd-complete" title={t('fourDeliberations.complete')} />
        )
      ) : (
        <Typography.Paragraph type="secondary">{t('fourDeliberations.optionalHint')}</Typography.Paragraph>
      )}
      <List
        size="small"
        dataSource={[...DELIBERATION_STAGE_VALUES]}
        renderItem={(s) => {
          const r = byStage.get(s);
          return (
            <List.Item
              data-testid={`fd-stage-${s}`}
              data-recorded={String(Boolean(r))}
            >
              <List.Item.Meta
                avatar={mark(fd.required, Boolean(r))}
                title={
                  <Space wrap size={4}>
                    <span>{t(`fourDeliberations.stages.${s}`)}</span>
                    {fd.required && !r && <Tag color="volcano">{t('fourDeliberations.required')}</Tag>}
                    {r && <Tag color={r.outcome === 'agreed' ? 'green' : 'red'}>{t(`fourDeliberations.outcomes.${r.outcome}`)}</Tag>}
                    {may && fd.canRecordStages && (
                      <Button size="small" type={r ? 'default' : 'primary'} onClick={() => setStage(s)} data-testid={`fd-record-${s}`}>
                        {r ? t('fourDeliberations.correct') : t('fourDeliberations.record')}
                      </Button>
                    )}
                  </Space>
                }
                description={
                  r ? (
                    <Space wrap size={[12, 0]}>
                      <span>{r.heldOn}</span>
                      {r.meeting && <span>{t(`fourDeliberations.meetings.${r.meeting}`)}</span>}
                      <span>{t('fourDeliberations.attendance', { present: r.present, entitled: r.entitled })}</span>
                      {r.inFavour !== null && <span>{t('fourDeliberations.votesShort', { count: r.inFavour })}</span>}
                      {r.earlier > 0 && <span>{t('fourDeliberations.earlier', { count: r.earlier })}</span>}
                      <span>{t('fourDeliberations.recordedBy', { name: r.recordedByName })}</span>
                      {r.note && <span>{r.note}</span>}
                    </Space>
                  ) : (
                    t('fourDeliberations.notRecorded')
                  )
                }
              />
            </List.Item>
          );
        }}
      />
      <List
        size="small"
        style={{ marginTop: 8 }}
        dataSource={[...DISCLOSURE_KIND_VALUES]}
        renderItem={(k) => {
          const d = lastDisclosure(k);
          const open = k === 'resolution' ? fd.canRecordStages : fd.canRecordResult;
          const required = fd.required && k === 'resolution';
          return (
            <List.Item
              data-testid={`fd-disclosure-${k}`}
              data-recorded={String(Boolean(d))}
            >
              <List.Item.Meta
                avatar={mark(required, Boolean(d))}
                title={
                  <Space wrap size={4}>
                    <span>{t(`fourDeliberations.disclosures.${k}`)}</span>
                    {required && !d && <Tag color="volcano">{t('fourDeliberations.required')}</Tag>}
                    {may && open && (
                      <Button size="small" type={d ? 'default' : 'primary'} onClick={() => setDisclosure(k)} data-testid={`fd-disclose-${k}`}>
                        {d ? t('fourDeliberations.correct') : t('fourDeliberations.record')}
                      </Button>
                    )}
                  </Space>
                }
                description={
                  d ? (
                    <Space wrap size={[12, 0]}>
                      <span>{d.postedOn}</span>
                      <span>{d.place}</span>
                      {d.note && <span>{d.note}</span>}
                    </Space>
                  ) : (
                    t(`fourDeliberations.disclosureHint.${k}`)
                  )
                }
              />
            </List.Item>
          );
        }}
      />
      {stage && <StageModal detail={detail} stage={stage} onClose={() => setStage(null)} onDone={done} />}
      {disclosure && <DisclosureModal detail={detail} kind={disclosure} onClose={() => setDisclosure(null)} onDone={done} />}
    </Card>
  );
}
