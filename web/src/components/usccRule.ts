import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { usccProblem } from '../../../common/uscc';

/**
 * The form rule for a 统一社会信用代码, as the server checks it: 18 symbols, and the check
 * character of GB 32100 — a typo is caught at the desk, not after the registry fails to match.
 */
export function usccRule(t: TFunction): FormRule {
  return {
    validator: async (_rule, value: string | null | undefined) => {
      const code = value?.trim().toUpperCase();
      if (!code) return;
      const problem = usccProblem(code);
      if (problem === 'format') throw new Error(t('common.usccFormat'));
      if (problem === 'check') throw new Error(t('common.usccCheck'));
    },
  };
}
