/**
 * `layerscope explore REF [--compare REF2]`: the interactive terminal UI. Checks everything
 * (options, a terminal on both ends) before any I/O; draws the layer list as text at once,
 * then loads react and ink, and the scan, with a dynamic import (no other command loads
 * react and ink; the first frame waits for none of them).
 */
import type { Command } from 'commander';
import { inputError, LayerscopeError, usageError } from '../../errors.js';
import { openImage } from '../../source/open-image.js';
import { parsePlatform } from '../../source/oci/platform.js';
import { createContext } from '../run/context.js';
import { describe, helpFooter, REFERENCE_HELP } from '../flags/help-text.js';
import { requestDeadlines } from '../flags/deadline-options.js';
import { registryOptions } from '../flags/registry-options.js';
import { enterScreen, firstFrame, type ScreenSession } from '../../tui/app/first-frame.js';
import { keysHelp } from '../../tui/state/keys.js';

interface ExploreOptions {
  compare?: string;
  platform?: string;
  pull?: boolean;
}

const EXPLORE_HELP = `
Keys:
${keysHelp()}

Files: + added, ~ modified, - removed (no mark: unmodified); directories show the bytes and
inodes of everything below them. v switches between the changes the selected layer made and
the file system merged up to it; with --compare, the file diff of the selected step.`;

export function registerExplore(program: Command, signal: AbortSignal): void {
  program
    .command('explore')
    .summary('interactive: layers, the files each one changes, waste and hints (a terminal UI)')
    .description(
      describe(
        'browse the layers of an image, the files each one changes, waste and hints',
        'Open an image in a terminal UI: the layer list at once (from metadata), filled in as layers are scanned; the files of the selected layer (its changes, or the file system merged up to it) with directory roll-ups in bytes and inodes; the image summary and the hints for the selected layer. With --compare, the layers of both images side by side (shared / new) and the file diff of the selected step. Needs a terminal: for files and pipes use inspect.',
      ),
    )
    .argument('<ref>', 'the image (see "References" below)')
    .option(
      '--compare <ref>',
      "a second image: its layers side by side with REF's, shared and new marked, and the file diff per step",
    )
    .option('--platform <os/arch[/variant]>', 'the platform to pick from a multi-platform index (default: this host)')
    .option('--pull', 'engine images (docker:NAME): pull the image first; without it a missing image is an error')
    .addHelpText(
      'after',
      `${EXPLORE_HELP}\n${helpFooter(
        ['layerscope explore app-1.2.tar', 'layerscope explore docker:app:1.2 --compare docker:app:1.1'],
        'Exit codes: 0 quit, 2 usage or input error (no terminal, a bad option, reference or image), 130 interrupted (Ctrl-C).',
      )}\n${REFERENCE_HELP}`,
    )
    .action(async (ref: string, opts: ExploreOptions, cmd: Command) => {
      const globals = cmd.optsWithGlobals();
      const ctx = createContext(globals);
      const platform = opts.platform ? parsePlatform(opts.platform) : undefined;
      if (!process.stdout.isTTY || !process.stdin.isTTY) {
        throw usageError(
          `explore needs a terminal, and ${process.stdout.isTTY ? 'stdin' : 'stdout'} is not one`,
          `for output to a file or a pipe use: layerscope inspect ${ref} (--json for JSON)`,
        );
      }
      // ink renders nothing until exit when it believes it runs in CI; here a person is at a terminal.
      delete process.env.CI;
      delete process.env.CONTINUOUS_INTEGRATION;
      // React's development build checks and warns on every render; users get the production one.
      process.env.NODE_ENV ??= 'production';
      // No colour means no SGR at all: ink's chalk would still draw bold, dim and inverse under NO_COLOR.
      if (!ctx.style.enabled) process.env.FORCE_COLOR = '0';
      const open = (r: string) =>
        openImage(r, {
          platform,
          registry: registryOptions(globals, ctx.env),
          deadlines: requestDeadlines(globals),
          pull: opts.pull,
          signal,
        });
      const refs = opts.compare ? [ref, opts.compare] : [ref];
      const settled = await Promise.allSettled(refs.map(open));
      const images = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      let screen: ScreenSession | undefined;
      try {
        const failed = settled.find((s) => s.status === 'rejected');
        if (failed) throw failed.reason;
        // The layer list from metadata, as text, while react and ink load.
        screen = enterScreen(
          process.stdin,
          process.stdout,
          firstFrame(images, process.stdout.columns, process.stdout.rows),
        );
        const [tui, { createScanSession }, { setHashThreadNice }] = await Promise.all([
          import('../../tui/app/run-explore.js'),
          import('../run/scan-session.js'),
          import('../../scan/hash/sha256-thread.js'),
        ]);
        // Digests are checked in the background: keys and frames get the CPU first.
        setHashThreadNice(10);
        const session = createScanSession(globals, ctx.env);
        const common = { session, signal, color: ctx.style.enabled, stdout: process.stdout, stdin: process.stdin };
        const result =
          images.length === 2
            ? await tui.runCompare({ ...common, a: images[0], b: images[1] })
            : await tui.runExplore({ ...common, image: images[0] });
        screen.leave();
        // Every failed layer's error, once the shell's screen is back; the last goes through the one catch (exit 2).
        for (const message of result.errors.slice(0, -1)) process.stderr.write(`layerscope: ${message}\n`);
        if (signal.aborted || result.interrupted) {
          if (result.errors.length > 0)
            process.stderr.write(`layerscope: ${result.errors[result.errors.length - 1]}\n`);
          throw new LayerscopeError('aborted', 'interrupted', { exitCode: 130 });
        }
        if (result.errors.length > 0)
          throw inputError(
            result.errors[result.errors.length - 1],
            'layerscope inspect shows the same error without the screen',
          );
      } finally {
        screen?.leave();
        await Promise.all(images.map((i) => i.close()));
      }
    });
}
