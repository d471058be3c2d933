import { Alert, Form, type FormInstance, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_AREA_LEVEL, ROLE_LABELS, ROLES, type Role } from '#contracts/roles.ts';
import type { UserView } from '#contracts/users.ts';
import { divisionLevel } from '#kernel/division-code.ts';
import { AreaCascader } from '../../../components/area-cascader/area-cascader.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useUser } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useChangeRole, useCreateUser, useResetPassword } from '../api/users.ts';
import { formFieldOf } from './users-model.ts';

/** What a change of role or a new account came to: at once, or waiting for a second administrator (ADR 0013). */
export type Outcome = { kind: 'created' | 'roleChanged'; username: string; pending: boolean };

/** Puts a server error on the field it names, or returns it to be shown above the form. */
function useServerError() {
  const bilingual = useBilingual();
  const [general, setGeneral] = useState<string | null>(null);
  const apply = <T,>(form: FormInstance<T>, e: unknown) => {
    if (!isApiRequestError(e)) return setGeneral(String(e));
    const field = formFieldOf(e.field);
    if (field && form.getFieldInstance(field as never) !== undefined) {
      form.setFields([{ name: field as never, errors: [bilingual(e.messages)] }]);
      setGeneral(null);
    } else setGeneral(bilingual(e.messages));
  };
  return { general, setGeneral, apply };
}

/** The area of a role: the administrator's own when the role sits at that level (shown, not chosen), else a division below it. */
function AreaField({ role, testId }: { role: Role | undefined; testId: string }) {
  const { t } = useTranslation();
  const me = useUser();
  const own = role !== undefined && ROLE_AREA_LEVEL[role] === divisionLevel(me.areaCode);
  if (own) {
    return (
      <Form.Item label={t('users.form.area')} extra={t('users.form.ownArea')}>
        <Input value={me.areaName} disabled data-testid={testId} />
      </Form.Item>
    );
  }
  return (
    <Form.Item name="area" label={t('users.form.area')} rules={[{ required: true, message: t('users.form.areaRequired') }]} extra={role ? t(`users.form.level.${ROLE_AREA_LEVEL[role]}`) : undefined}>
      <AreaCascader rootCode={me.areaCode} villageOnly={role !== undefined && ROLE_AREA_LEVEL[role] === 'village'} data-testid={testId} style={{ width: '100%' }} />
    </Form.Item>
  );
}

function RoleSelect(props: { value?: Role; onChange?: (r: Role) => void; id?: string; testId: string }) {
  const bilingual = useBilingual();
  return (
    <Select<Role>
      id={props.id}
      value={props.value}
      onChange={props.onChange}
      options={ROLES.map((r) => ({ value: r, label: bilingual(ROLE_LABELS[r]) }))}
      data-testid={props.testId}
      showSearch={{ optionFilterProp: 'label' }}
    />
  );
}

interface CreateValues {
  username: string;
  displayName?: string;
  role: Role;
  area?: string;
  password: string;
}

export function CreateUserModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const me = useUser();
  const [form] = Form.useForm<CreateValues>();
  const role = Form.useWatch('role', form);
  const create = useCreateUser();
  const errors = useServerError();
  const submit = (v: CreateValues) => {
    const area = v.area ?? me.areaCode;
    create.mutate(
      { username: v.username.trim(), displayName: v.displayName?.trim() || undefined, role: v.role, area, password: v.password },
      {
        onSuccess: (r) => {
          form.resetFields();
          errors.setGeneral(null);
          onDone({ kind: 'created', username: v.username.trim(), pending: r.grantId !== null });
        },
        onError: (e) => errors.apply(form, e),
      },
    );
  };
  return (
    <Modal
      open={open}
      title={t('users.create.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('users.create.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'user-create-submit' }}
      destroyOnHidden
      width={560}
      data-testid="user-create-modal"
    >
      {errors.general && <Alert type="error" showIcon title={errors.general} style={{ marginBottom: 12 }} data-testid="user-form-error" />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name="username" label={t('users.form.username')} rules={[{ required: true, whitespace: true, message: t('users.form.usernameRequired') }]} extra={t('users.form.usernameHint')}>
          <Input autoComplete="off" data-testid="user-username" maxLength={32} />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.form.displayName')}>
          <Input data-testid="user-display-name" maxLength={50} />
        </Form.Item>
        <Form.Item name="role" label={t('users.form.role')} rules={[{ required: true, message: t('users.form.roleRequired') }]}>
          <RoleSelect testId="user-role" />
        </Form.Item>
        <AreaField role={role} testId="user-area" />
        <Form.Item name="password" label={t('users.form.password')} rules={[{ required: true, message: t('users.form.passwordRequired') }]} extra={t('users.passwordRules')}>
          <Input.Password autoComplete="new-password" data-testid="user-password" maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RoleModal({ user, onClose, onDone }: { user: UserView | null; onClose: () => void; onDone: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ role: Role; area?: string }>();
  const role = Form.useWatch('role', form);
  const change = useChangeRole();
  const errors = useServerError();
  const me = useUser();
  const submit = (v: { role: Role; area?: string }) => {
    if (!user) return;
    change.mutate(
      { id: user.id, body: { role: v.role, area: v.area ?? me.areaCode } },
      {
        onSuccess: (r) => {
          errors.setGeneral(null);
          onDone({ kind: 'roleChanged', username: user.username, pending: !r.applied });
        },
        onError: (e) => errors.apply(form, e),
      },
    );
  };
  return (
    <Modal
      open={user !== null}
      title={t('users.role.title', { user: user?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('users.role.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={change.isPending}
      okButtonProps={{ 'data-testid': 'user-role-submit' }}
      destroyOnHidden
      width={560}
      data-testid="user-role-modal"
    >
      <Alert type="info" showIcon title={t('users.role.confirmRule')} style={{ marginBottom: 12 }} />
      {errors.general && <Alert type="error" showIcon title={errors.general} style={{ marginBottom: 12 }} data-testid="user-form-error" />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={user ? { role: user.role, area: user.areaCode === me.areaCode ? undefined : user.areaCode } : undefined}>
        <Form.Item name="role" label={t('users.form.role')} rules={[{ required: true, message: t('users.form.roleRequired') }]}>
          <RoleSelect testId="user-role-change" />
        </Form.Item>
        <AreaField role={role} testId="user-role-area" />
      </Form>
    </Modal>
  );
}

export function PasswordModal({ user, onClose, onDone }: { user: UserView | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ password: string }>();
  const reset = useResetPassword();
  const errors = useServerError();
  const submit = (v: { password: string }) => {
    if (!user) return;
    reset.mutate(
      { id: user.id, password: v.password },
      {
        onSuccess: () => {
          errors.setGeneral(null);
          onDone();
        },
        onError: (e) => errors.apply(form, e),
      },
    );
  };
  return (
    <Modal
      open={user !== null}
      title={t('users.reset.title', { user: user?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('users.reset.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={reset.isPending}
      okButtonProps={{ 'data-testid': 'user-reset-submit' }}
      destroyOnHidden
      data-testid="user-reset-modal"
    >
      <Alert type="warning" showIcon title={t('users.reset.hint')} style={{ marginBottom: 12 }} />
      {errors.general && <Alert type="error" showIcon title={errors.general} style={{ marginBottom: 12 }} data-testid="user-form-error" />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name="password" label={t('users.form.newPassword')} rules={[{ required: true, message: t('users.form.passwordRequired') }]} extra={t('users.passwordRules')}>
          <Input.Password autoComplete="new-password" data-testid="user-reset-password" maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
