import { Button, Space, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import SignaturePad from 'signature_pad';
import type { SignatureRole } from '../model/visit-model.ts';

/** The pads of a form, by role: the form reads each one's PNG when it saves. */
export type Pads = Partial<Record<SignatureRole, SignaturePad>>;

/**
 * 手写签名 One signature drawn on the screen with a finger (signature_pad), saved as a PNG file of the visit. The
 * canvas is sized to its box at the device's pixel ratio so the strokes are sharp on a phone.
 */
export function SignatureField({ role, pads }: { role: SignatureRole; pads: React.RefObject<Pads> }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    c.width = c.offsetWidth * ratio;
    c.height = c.offsetHeight * ratio;
    c.getContext('2d')?.scale(ratio, ratio);
    const pad = new SignaturePad(c, { backgroundColor: 'rgb(255,255,255)', penColor: 'rgb(0,0,0)' });
    pads.current[role] = pad;
    return () => {
      pad.off();
      delete pads.current[role];
    };
  }, [role, pads]);
  return (
    <div className="fv-signature" style={{ marginBottom: 12 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text strong>{t(`fieldVisits.form.roles.${role}`)}</Typography.Text>
        <Button size="small" onClick={() => pads.current[role]?.clear()} data-testid={`fv-signature-clear-${role}`}>
          {t('fieldVisits.form.clear')}
        </Button>
      </Space>
      <canvas
        ref={canvas}
        data-testid={`fv-signature-${role}`}
        aria-label={t('fieldVisits.form.signatureHint')}
        style={{ width: '100%', height: 150, border: '1px dashed #8c8c8c', borderRadius: 6, touchAction: 'none', background: '#fff', display: 'block' }}
      />
    </div>
  );
}

/** The pad's drawing as a PNG, or null when nothing was drawn. */
export function signaturePng(pad: SignaturePad | undefined): Promise<Blob | null> {
  if (!pad || pad.isEmpty()) return Promise.resolve(null);
  // Decoded here rather than fetched: the app's CSP does not let fetch read data: URLs.
  const base64 = pad.toDataURL('image/png').split(',')[1] ?? '';
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return Promise.resolve(new Blob([bytes], { type: 'image/png' }));
}
