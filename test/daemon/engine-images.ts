/**
 * Builds the engine test images from the Dockerfiles in test/daemon/images/ with the
 * classic builder (DOCKER_BUILDKIT=0) and a busybox-static root file system: the build
 * context gets /bin/busybox and a deterministic tar (added twice, for two layers with one
 * diffID). Nothing is pulled. Tags are unique per test file; --no-cache keeps test files
 * that run in parallel from sharing (and deleting) each other's images.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLayerTar } from '../fixtures/image-builder/index.js';
import { docker } from '../helpers/engine.js';

const IMAGES = fileURLToPath(new URL('./images/', import.meta.url));
const BUSYBOX = '/bin/busybox';

export function uniqueTag(name: string): string {
  return `layerscope-test/${name}:${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Builds test/daemon/images/<name>/Dockerfile as `tag`; returns the image ID. */
export function buildTestImage(name: string, tag: string, buildArgs: Record<string, string> = {}): string {
  const context = testImageContext(name);
  try {
    const args = Object.entries(buildArgs).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]);
    docker(['build', '-q', '--no-cache', '--force-rm', ...args, '-t', tag, context]);
    return docker(['image', 'inspect', '--format', '{{.Id}}', tag]).trim();
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** A build context for test/daemon/images/<name>: its Dockerfile, /bin/busybox and dup.tar. The caller removes it. */
export function testImageContext(name: string): string {
  if (!existsSync(BUSYBOX)) throw new Error(`${BUSYBOX} is missing: apt-get install busybox-static`);
  const context = mkdtempSync(join(tmpdir(), `layerscope-build-${name}-`));
  copyFileSync(join(IMAGES, name, 'Dockerfile'), join(context, 'Dockerfile'));
  copyFileSync(BUSYBOX, join(context, 'busybox'));
  writeFileSync(
    join(context, 'dup.tar'),
    buildLayerTar([
      { type: 'dir', path: 'opt' },
      { type: 'dir', path: 'opt/dup' },
      { type: 'file', path: 'opt/dup/hello.txt', content: 'the same bytes twice\n' },
    ]),
  );
  return context;
}

/** A one-layer image (busybox only), quick to build. */
export function buildTinyImage(tag: string): string {
  const context = mkdtempSync(join(tmpdir(), 'layerscope-build-tiny-'));
  try {
    copyFileSync(BUSYBOX, join(context, 'busybox'));
    writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\nCOPY busybox /bin/busybox\nCMD ["/bin/busybox", "sh"]\n');
    docker(['build', '-q', '--no-cache', '--force-rm', '-t', tag, context]);
    return docker(['image', 'inspect', '--format', '{{.Id}}', tag]).trim();
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** Removes the tags (and images left without one); quietly skips those already gone. */
export function removeImages(tags: string[]): void {
  for (const tag of tags) spawnSync('docker', ['rmi', '-f', tag], { stdio: 'ignore', timeout: 60_000 });
}

/** `docker save` to a file, for the docker-archive side of the conformance test. */
export function saveImage(tag: string, file: string): void {
  docker(['save', '-o', file, tag]);
}

/** `docker history` oldest first, raw bytes: [created_by, size]. */
export function dockerHistory(tag: string): Array<{ createdBy: string; size: number }> {
  const out = docker(['history', '--no-trunc', '--human=false', '--format', '{{json .CreatedBy}}\t{{.Size}}', tag]);
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const [createdBy, size] = line.split('\t');
      return { createdBy: JSON.parse(createdBy) as string, size: Number(size) };
    })
    .reverse();
}
