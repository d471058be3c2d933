import type { MessageShape } from '../../../lib/i18n.ts';
import type zhCN from './zh-cn.ts';

/** English messages of one's own account: the login's later steps (second factor, forced password change) and the account page; typed against the Chinese ones so a missing or extra key fails the type check. */
const en: MessageShape<typeof zhCN> = {
  account: {
    menu: 'My account',
    title: 'My account',
    subtitle: 'Change your password, set up an authenticator app (second factor)',
    displayName: 'Name',
    role: 'Role',
    signingInAs: 'Signing in: {{name}} ({{username}})',
    cancel: 'Cancel and sign in again',
    password: {
      title: 'Change password',
      current: 'Current password',
      new: 'New password',
      repeat: 'New password again',
      hint: 'At least 12 characters. No common password, nothing with your user name; a sentence you remember makes a good one.',
      required: 'Enter the password',
      tooShort: 'A password needs at least 12 characters',
      mismatch: 'The two new passwords differ',
      submit: 'Change password',
      done: 'Password changed; your sessions on other devices were signed out.',
    },
    forced: {
      title: 'Choose a new password',
      hint: 'An administrator set a temporary password for you. Choose a new one that only you know before you go on.',
      current: 'Temporary password',
    },
    totp: {
      title: 'Second factor (authenticator app)',
      stepTitle: 'Enter the code',
      stepHint: 'Open the authenticator app on your phone and enter the 6-digit code it shows for doudi.',
      recoveryHint: 'Without your phone, enter one of the recovery codes you saved when you set up the app (each works once).',
      code: 'Code',
      codeRequired: 'Enter the code',
      codeFormat: 'The code has 6 digits',
      submit: 'Verify',
      useRecovery: 'No phone at hand? Use a recovery code',
      useCode: 'Use the authenticator’s code',
      recovery: 'Recovery code',
      recoveryRequired: 'Enter a recovery code',
      enrolTitle: 'Set up an authenticator app',
      enrolRequiredHint: 'Your role signs in with a second factor. Install an authenticator app on your phone (Microsoft Authenticator, Google Authenticator, FreeOTP …), scan the QR code below and enter the 6-digit code it shows.',
      enrolHint: 'Install an authenticator app on your phone, scan the QR code below and enter the 6-digit code it shows. From then on every login asks for a code.',
      qrAlt: 'QR code for the authenticator app',
      manual: 'Cannot scan? Type this key into the app:',
      confirm: 'Confirm',
      recoveryTitle: 'Save your recovery codes',
      recoverySaveHint: 'If you lose your phone, each of these codes signs you in once. They are shown only now: write them down or print them and keep them safe.',
      recoverySaved: 'I have saved them, continue',
      on: 'On',
      off: 'Off',
      requiredForRole: 'Your role must sign in with a second factor.',
      optional: 'When on, a login asks for the authenticator’s code besides the password.',
      setUp: 'Set up an authenticator',
      replace: 'Replace the authenticator (new recovery codes)',
    },
  },
};

export default en;
