import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { textProblemMessage, textProblemOfCode } from '#kernel/text.ts';
import { type FieldProblem, fieldPath, messageKeyForField } from './household-form-model.ts';

interface Issue {
  path: PropertyKey[];
  message?: string;
}

/**
 * Puts errors on the fields they concern: problems found in the browser, schema issues, and the server's
 * `field` (e.g. `members.2.idNumber`), then scrolls to the first one.
 */
export function useFormErrors(form: FormInstance, opts: { singleMember?: boolean } = {}) {
  const { t } = useTranslation();
  const bilingual = useBilingual();

  const show = (fields: { name: (string | number)[]; errors: string[] }[]) => {
    if (fields.length === 0) return;
    form.setFields(fields);
    form.scrollToField(fields[0].name, { block: 'center', behavior: 'smooth' });
  };

  return {
    showProblems: (problems: FieldProblem[]) =>
      show(problems.map((p) => ({ name: p.name, errors: [t(p.key, p.values)] }))),
    showIssues: (issues: Issue[]) =>
      show(
        issues.map((i) => {
          const name = fieldPath(i.path.map((p) => (typeof p === 'symbol' ? String(p.description) : p)));
          // A name or address with an invisible or direction-changing character says so, not "required".
          const text = textProblemOfCode(i.message ?? '');
          if (text) return { name, errors: [bilingual(textProblemMessage(text, String(name.at(-1) ?? ''), false))] };
          return { name, errors: [t(messageKeyForField(name))] };
        }),
      ),
    /** True when the error named a field and now shows on it. */
    showServerError: (e: unknown): boolean => {
      if (!isApiRequestError(e) || !e.field) return false;
      const name = fieldPath(e.field);
      // A form for one member names its fields without the `members.N.` the server may put in front.
      const local = opts.singleMember && name[0] === 'members' && typeof name[1] === 'number' ? name.slice(2) : name;
      show([{ name: local, errors: [bilingual(e.messages)] }]);
      return true;
    },
  };
}
