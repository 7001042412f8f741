/** GitHub Actions workflow commands: ::error for FAIL, ::warning for WARN, with the config line. */
import type { RuleResult } from '../../analysis/budget/evaluate.js';
import { resultSentence } from './check-format.js';
import { visibleStrings } from '../common/safe-text.js';

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProp = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function renderAnnotations(rawResults: RuleResult[], configFile: string | null): string {
  return visibleStrings(rawResults)
    .filter((r) => r.status === 'fail' || r.status === 'warn')
    .map((r) => {
      const props = [
        configFile ? `file=${escapeProp(configFile)}` : '',
        configFile && r.line ? `line=${r.line}` : '',
        `title=${escapeProp(`layerscope ${r.id}`)}`,
      ]
        .filter(Boolean)
        .join(',');
      return `::${r.status === 'fail' ? 'error' : 'warning'} ${props}::${escapeData(resultSentence(r))}\n`;
    })
    .join('');
}
