import { Alert } from 'antd';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';

/** The server's refusal of a step (wrong code, weak password …) in the current language. */
export function StepError({ error, testId = 'step-error' }: { error: unknown; testId?: string }) {
  const bilingual = useBilingual();
  if (!error) return null;
  return <Alert type="error" showIcon className="step-error" data-testid={testId} title={isApiRequestError(error) ? bilingual(error.messages) : String(error)} />;
}
