/** The budget configuration after validation: plain data, independent of its file format. */
export interface Limit {
  warn?: number;
  fail?: number;
  disabled?: boolean;
  /** 1-based line in the config file. */
  line?: number;
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

export interface BudgetConfig {
  /** The file it came from, for messages. */
  file: string;
  format: 'layerscope' | 'dive-ci';
  /** Rule id (e.g. "image.maxSize") → limit. Rules not configured are absent. */
  rules: Map<string, Limit>;
  paths: PathBudget[];
  forbiddenPaths: ForbiddenPath[];
}

export interface ConfigProblem {
  line: number | null;
  message: string;
}
