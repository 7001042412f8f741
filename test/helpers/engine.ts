/**
 * Access to the real Docker Engine for tests. Where no engine answers, engine tests skip —
 * unless LAYERSCOPE_REQUIRE_DOCKER=1 (set by .ci/run), where they fail instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export const REQUIRE_DOCKER = process.env.LAYERSCOPE_REQUIRE_DOCKER === '1';

export function engineAvailable(): boolean {
  const r = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 && r.stdout.trim() !== '';
}

/** True when engine tests should run; throws when they are required but no engine answers. */
export function useEngine(): boolean {
  const ok = engineAvailable();
  if (!ok && REQUIRE_DOCKER) {
    throw new Error(
      `LAYERSCOPE_REQUIRE_DOCKER=1 but no Docker Engine answers at ${process.env.DOCKER_HOST ?? 'the default socket'}`,
    );
  }
  return ok;
}

export function docker(args: string[], opts: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  return execFileSync('docker', args, {
    encoding: 'utf8',
    input: opts.input,
    cwd: opts.cwd,
    env: { ...process.env, DOCKER_BUILDKIT: '0', ...opts.env },
    maxBuffer: 256 * 1024 * 1024,
  });
}
