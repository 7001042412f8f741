/**
 * The podman API service from scripts/podman.sh (podman's Docker-compatible socket), for the
 * tests that read images through it. Where it is not running those tests skip — unless
 * LAYERSCOPE_REQUIRE_DOCKER=1 (set by .ci/run), where they fail instead.
 */
import { execFileSync } from 'node:child_process';
import { REQUIRE_DOCKER } from './engine.js';

/** The service's unix:// URL, or undefined (throws when it is required). */
export function usePodman(): string | undefined {
  const url = process.env.LAYERSCOPE_TEST_PODMAN;
  if (!url && REQUIRE_DOCKER) {
    throw new Error(
      'LAYERSCOPE_REQUIRE_DOCKER=1 but LAYERSCOPE_TEST_PODMAN is not set: run scripts/podman.sh up and eval "$(scripts/podman.sh env)"',
    );
  }
  return url;
}

/** The podman CLI as a client of that service (podman --remote). */
export function podman(url: string, args: string[]): string {
  return execFileSync('podman', ['--remote', '--url', url, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}
