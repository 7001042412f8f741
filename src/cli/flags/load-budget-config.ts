/**
 * Finds and reads the budget config before any image is read: --config FILE, else
 * .layerscope.yml / .layerscope.yaml / .layerscope.json in the working directory, else a
 * dive `.dive-ci` (read with dive's meaning). Every problem is reported at once, as FILE:LINE:COLUMN.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BudgetConfig, ConfigProblem } from '../../analysis/budget/config/config.js';
import { parseDiveCi } from '../../analysis/budget/config/dive-ci.js';
import { parseBudgetConfig } from '../../analysis/budget/config/parse-config.js';
import { describeCause, LayerscopeError } from '../../errors.js';

const CANDIDATES = ['.layerscope.yml', '.layerscope.yaml', '.layerscope.json'];

export function loadBudgetConfig(explicit: string | undefined, cwd: string): BudgetConfig {
  // A config found in the working directory is named as a relative path, as CI annotations
  // (file=…) and editors expect it: relative to the checkout the job runs in.
  const found = [...CANDIDATES, '.dive-ci'].find((n) => existsSync(join(cwd, n)));
  const file = explicit ?? (found && (cwd === process.cwd() ? found : join(cwd, found)));
  if (!file) {
    throw new LayerscopeError('config', `no budget config: none of ${CANDIDATES.join(', ')} or .dive-ci in ${cwd}`, {
      hint: 'write one (see samples/.layerscope.yml) or pass --config FILE',
    });
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new LayerscopeError('config', `${file}: ${describeCause(err)}`);
  }
  const parsed =
    basename(file) === '.dive-ci' || /\.dive-ci$/.test(file) ? parseDiveCi(text, file) : parseBudgetConfig(text, file);
  if (parsed.problems.length > 0) throw configError(file, parsed.problems);
  return parsed.config;
}

function configError(file: string, problems: ConfigProblem[]): LayerscopeError {
  const details = problems.map(
    (p) => `${file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}: ${p.message}`,
  );
  const head = problems.length === 1 ? `${file}: 1 problem` : `${file}: ${problems.length} problems`;
  return new LayerscopeError('config', head, { details, hint: 'see "layerscope check --help" and README "In CI"' });
}
