/** The budget configuration after validation: plain data, independent of its file format. */
export interface Limit {
  warn?: number;
  fail?: number;
  disabled?: boolean;
  /** 1-based line in the config file. */
  line?: number;
  /** The size unit the limit was written in (GiB for `1.5GiB`), echoed in results; absent for plain bytes and non-sizes. */
  unit?: string;
  /** The unit of the warn value, when a size. */
  warnUnit?: string;
}

export interface PathBudget {
  glob: string;
  maxSize?: Limit;
  maxInodes?: Limit;
  line?: number;
}

export interface ForbiddenPath {
  glob: string;
  line?: number;
}

/** `packages.maxSize`: the packages whose names match `glob` (npm, dpkg, apk, Python names) may take this much. */
export type PackageBudget = PathBudget;

export interface BudgetConfig {
  /** The file it came from, for messages. */
  file: string;
  format: 'layerscope' | 'dive-ci';
  /** Rule id (e.g. "image.maxSize") → limit. Rules not configured are absent. */
  rules: Map<string, Limit>;
  paths: PathBudget[];
  forbiddenPaths: ForbiddenPath[];
  /** `packages.maxSize`: budgets per glob of package names. */
  packageBudgets: PackageBudget[];
  /** `packages.forbid`: globs of package names that may not ship. */
  forbiddenPackages: ForbiddenPath[];
}

/** Whether checking `config` needs the image's packages (a packages rule or list is set). */
export function needsPackages(config: BudgetConfig): boolean {
  return (
    config.packageBudgets.length > 0 ||
    config.forbiddenPackages.length > 0 ||
    [...config.rules.keys()].some((id) => id.startsWith('packages.'))
  );
}

export interface ConfigProblem {
  line: number | null;
  /** 1-based column, where known. */
  column?: number | null;
  message: string;
}
