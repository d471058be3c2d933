import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Drawer, Form, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PersonView } from '#contracts/registry.ts';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { addMemberSchema, useAddMember } from '../api/add-member.ts';
import { updatePersonSchema, useUpdatePerson } from '../api/update-person.ts';
import { emptyMember, memberFromPerson, type MemberValues, toPersonInput } from './household-form-model.ts';
import { MemberFields } from './member-fields.tsx';
import { useFormErrors } from './use-form-errors.ts';

interface Props {
  county: string;
  householdId: string;
  /** The member to edit; absent to add one. */
  person?: PersonView;
  onClose: () => void;
  /** Fetches the household again (after a version conflict). */
  onReload: () => Promise<unknown>;
}

/** Adds a member to a saved household, or edits one; each is its own request with its own version. */
export function MemberDrawer({ county, householdId, person, onClose, onReload }: Props) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const [form] = Form.useForm<MemberValues>();
  const errors = useFormErrors(form, { singleMember: true });
  const add = useAddMember(county, householdId);
  const edit = useUpdatePerson(county, householdId);
  const error = person ? edit.error : add.error;
  const stale = isApiRequestError(error) && error.code === 'STALE_VERSION';

  const onFinish = (values: MemberValues) => {
    const body = toPersonInput(values);
    if (person) {
      const parsed = updatePersonSchema.safeParse({ ...body, version: person.version });
      if (!parsed.success) return errors.showIssues(parsed.error.issues);
      edit.mutate(
        { personId: person.id, body: parsed.data },
        {
          onSuccess: () => {
            void message.success(t('detail.memberSaved'));
            onClose();
          },
          onError: (e) => errors.showServerError(e),
        },
      );
    } else {
      const parsed = addMemberSchema.safeParse(body);
      if (!parsed.success) return errors.showIssues(parsed.error.issues);
      add.mutate(parsed.data, {
        onSuccess: () => {
          void message.success(t('detail.memberAdded'));
          onClose();
        },
        onError: (e) => errors.showServerError(e),
      });
    }
  };

  const reload = async () => {
    await onReload();
    onClose();
  };

  return (
    <Drawer
      open
      size={880}
      title={person ? `${t('detail.editMember')} · ${person.name}` : t('detail.addMember')}
      onClose={onClose}
      destroyOnHidden
      data-testid="member-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={add.isPending || edit.isPending} onClick={() => form.submit()} data-testid="member-submit">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {error && (
        <Alert
          type={stale ? 'warning' : 'error'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid={stale ? 'stale-version' : 'form-error'}
          title={stale ? t('detail.staleTitle') : t('form.errorTitle')}
          description={isApiRequestError(error) ? bilingual(error.messages) : String(error)}
          action={
            stale && (
              <Button icon={<ReloadOutlined />} onClick={() => void reload()} data-testid="reload-latest">
                {t('detail.reloadLatest')}
              </Button>
            )
          }
        />
      )}
      <Form<MemberValues>
        form={form}
        layout="vertical"
        initialValues={person ? memberFromPerson(person) : emptyMember('child')}
        onFinish={onFinish}
      >
        <MemberFields
          form={form}
          itemPrefix={[]}
          absPrefix={[]}
          testId="member-edit"
          narrow
          kept={person ? { idNumber: person.idNumber, birthDate: person.birthDate, sex: person.sex } : undefined}
        />
      </Form>
    </Drawer>
  );
}
