/** Platforms: parsing `os/arch[/variant]`, this host's platform, and matching. */
import { usageError } from '../../errors.js';
import { formatPlatform, type Platform } from '../model.js';

const NODE_ARCH: Record<string, Platform['architecture']> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
};

export function parsePlatform(text: string): Platform {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/i.test(p))) {
    throw usageError(`--platform: "${text}" is not os/arch[/variant]`, 'for example --platform linux/arm64/v8');
  }
  const [os, architecture, variant] = parts;
  return variant ? { os, architecture, variant } : { os, architecture };
}

export function hostPlatform(): Platform {
  const architecture = NODE_ARCH[process.arch] ?? process.arch;
  // Images for Linux run on every host through a Linux VM; ask for linux first.
  const base = { os: 'linux', architecture };
  if (architecture === 'arm64') return { ...base, variant: 'v8' };
  return base;
}

/** True when `candidate` can serve `wanted`; a missing variant on either side matches the default. */
export function platformMatches(wanted: Platform, candidate: Platform): boolean {
  if (wanted.os !== candidate.os || wanted.architecture !== candidate.architecture) return false;
  if (!wanted.variant || !candidate.variant) return true;
  return normalizeVariant(wanted) === normalizeVariant(candidate);
}

function normalizeVariant(p: Platform): string | undefined {
  if (p.architecture === 'arm64' && p.variant === '8') return 'v8';
  return p.variant;
}

export function listPlatforms(platforms: Platform[]): string {
  return [...new Set(platforms.map(formatPlatform))].join(', ');
}
