/**
 * Every budget rule, as data: where it sits in the config, what its value is, which way it
 * limits, and what it needs. Adding a rule is adding a row here and a measurement in
 * measure.ts.
 */
export type ValueKind = 'size' | 'percent' | 'count';

export interface RuleSpec {
  /** Config path, e.g. "image.maxSize"; also the rule's id in every output. */
  id: string;
  kind: ValueKind;
  /** max: fail when actual > limit; min: fail when actual < limit. */
  direction: 'max' | 'min';
  title: string;
  needsBaseline?: boolean;
}

export const RULES: RuleSpec[] = [
  { id: 'image.maxSize', kind: 'size', direction: 'max', title: 'image size (uncompressed)' },
  { id: 'image.maxCompressedSize', kind: 'size', direction: 'max', title: 'image size (compressed)' },
  { id: 'image.maxLayers', kind: 'count', direction: 'max', title: 'layers' },
  { id: 'image.maxInodes', kind: 'count', direction: 'max', title: 'inodes' },
  { id: 'layer.maxSize', kind: 'size', direction: 'max', title: 'largest layer' },
  { id: 'layer.maxInodes', kind: 'count', direction: 'max', title: 'most inodes in a layer' },
  { id: 'waste.minEfficiency', kind: 'percent', direction: 'min', title: 'efficiency (dive)' },
  { id: 'waste.maxWastedBytes', kind: 'size', direction: 'max', title: 'wasted bytes (dive)' },
  { id: 'waste.maxUserWastedPercent', kind: 'percent', direction: 'max', title: 'user wasted percent (dive)' },
  { id: 'waste.maxReclaimableBytes', kind: 'size', direction: 'max', title: 'reclaimable bytes' },
  { id: 'growth.maxGrowth', kind: 'size', direction: 'max', title: 'growth in size', needsBaseline: true },
  { id: 'growth.maxGrowthPercent', kind: 'percent', direction: 'max', title: 'growth in percent', needsBaseline: true },
  { id: 'growth.maxPullBytes', kind: 'size', direction: 'max', title: 'new bytes to pull', needsBaseline: true },
  { id: 'growth.maxNewInodes', kind: 'count', direction: 'max', title: 'new inodes', needsBaseline: true },
  { id: 'growth.minLayerReuse', kind: 'percent', direction: 'min', title: 'layer reuse', needsBaseline: true },
  { id: 'packages.maxDuplicates', kind: 'count', direction: 'max', title: 'packages shipped more than once' },
  { id: 'packages.devShipped', kind: 'count', direction: 'max', title: 'dev dependencies shipped' },
];

/** Keys of the packages section that are lists, not rules: per-name budgets and forbidden names. */
export const PACKAGE_LIST_KEYS = ['maxSize', 'forbid'] as const;

export const PATH_RULE_KEYS = { maxSize: 'size', maxInodes: 'count' } as const;

export const SECTIONS = ['image', 'layer', 'waste', 'growth', 'packages'] as const;
