/** `layerscope diff A B`: what B adds to a host that holds A — layers, pull, disk, inodes, files, churn. */
import type { Command } from 'commander';
import { createStepCache } from '../steps/step-cache.js';
import {
  addCompareOptions,
  parseCompareSetup,
  writeCompareOutput,
  type CompareFlagValues,
} from '../run/compare-run.js';
import { compareSteps } from '../run/compare-steps.js';
import { createContext } from '../run/context.js';
import { describe, helpFooter, REFERENCE_HELP } from '../flags/help-text.js';

export const COMPARE_HELP = `
Layer reuse follows how the engine stores layers: a layer of B is already on a host holding A
only when its chain ID (the layer and every layer below it) is one of A's. "same content" marks
a layer whose diffID is in A on another parent: it is pulled and unpacked again.
  pull         blob sizes of B's layers not in A. "≈" = estimated: where the source stores a layer as
               a plain tar (docker save, the engine), what docker push would send: the tar gzipped at
               level 6, compressed whole up to 4 MiB and above that in 32 samples of 64 KiB taken
               evenly while scanning. Measured within 5% of gzip -6 and of a real push on ordinary
               layers (bound: ±20%). JSON: pull.estimated, pull.estimatedBytes, rows[].pullEstimated
  new on disk  unpacked size and inodes of those layers
  reuse        bytes of B in reused layers / all bytes of B
Files are compared in the final file systems by type, size, mode, link target and content hash.
Churn: bytes of each new layer that are byte-identical to a file already in A, with a Dockerfile
fix when most of a rebuilt layer is unchanged.
Packages (npm, dpkg, apk, Python; as "layerscope packages" finds them) are matched by ecosystem,
name and path: added, removed, and changed (another version, or other bytes or inodes), each with
both versions and its byte and inode delta. JSON: packages (series: steps[].packages)
A comparison made before (the same layers by diffID, the same --top) comes from the cache
(see "layerscope cache"): no layer is read again. --no-cache computes it afresh.`;

export function registerDiff(program: Command, signal: AbortSignal): void {
  const command = program
    .command('diff')
    .summary('compare two images: shared and new layers, bytes to pull, new bytes and inodes, file changes')
    .description(
      describe(
        'compare two images: reuse, bytes to pull, new bytes and inodes, files',
        'Compare image B with image A, as a host holding A sees B: layer reuse by chain ID and diffID, bytes to pull, new bytes and inodes on disk, files added, removed and modified, and the churn of rebuilt layers.',
      ),
    )
    .argument('<a>', 'the earlier image (see "References" below)')
    .argument('<b>', 'the later image');
  addCompareOptions(command)
    .addHelpText(
      'after',
      `${COMPARE_HELP}\n${helpFooter(['layerscope diff app-1.1.tar app-1.2.tar', 'layerscope diff docker:app:1.1 docker:app:1.2 --markdown', 'layerscope diff oci:app-oci:1.1 oci:app-oci:1.2 --json=diff.json'])}\n${REFERENCE_HELP}`,
    )
    .action(async (a: string, b: string, opts: CompareFlagValues, cmd: Command) => {
      const globals = cmd.optsWithGlobals();
      const ctx = createContext(globals);
      const setup = parseCompareSetup([a, b], opts, globals, ctx.env);
      const steps = createStepCache(globals, ctx.env);
      const { reports, scan } = await compareSteps([a, b], setup, { cmd, ctx, steps, signal });
      const [report] = reports;
      await writeCompareOutput(report, scan, setup, ctx, {
        kind: 'diff',
        markdown: async () => (await import('../../render/compare/compare-markdown.js')).renderCompareMarkdown,
        text: async () => (await import('../../render/compare/compare-text.js')).renderCompareText,
      });
    });
}
