import { CameraOutlined, InboxOutlined } from '@ant-design/icons';
import { Button, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Where a file is given, for every files card (a case's and another owner's): drag and drop or a chooser (the types the
 * server accepts by content), and the phone's camera (`capture`). `send` uploads the file chosen.
 */
export function EvidenceDrop({ pending, send }: { pending: boolean; send: (file: File) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <Upload.Dragger accept="image/jpeg,image/png,image/webp,image/heic,application/pdf" multiple={false} showUploadList={false} disabled={pending} customRequest={({ file }) => send(file as File)}>
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{t('cases.files.drop')}</p>
        <Typography.Text type="secondary">{t('cases.files.hint')}</Typography.Text>
      </Upload.Dragger>
      <label style={{ display: 'inline-block', marginTop: 8 }}>
        <input
          type="file"
          accept="image/*"
          capture="environment"
          style={{ display: 'none' }}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) send(f);
            e.target.value = '';
          }}
          data-testid="case-files-camera"
        />
        <Button icon={<CameraOutlined />} onClick={(e) => (e.currentTarget.previousElementSibling as HTMLInputElement | null)?.click()} disabled={pending}>
          {t('cases.files.camera')}
        </Button>
      </label>
    </>
  );
}
