/**
 * `layerscope explore REF`: the layers of one image, the files of the selected layer (its
 * changes, or the file system merged up to it), and the details. State lives in the reducer;
 * the image's data arrives from an ImageFeed as the scan goes.
 */
import { Text } from 'ink';
import { formatBytes, formatCount } from '../../render/common/format.js';
import type { FileRows } from '../state/file-rows.js';
import { DetailsPane } from '../components/DetailsPane.js';
import { Frame, HeaderLine } from '../components/Frame.js';
import type { FeedSnapshot } from '../feed/image-feed.js';
import { LayersPane } from '../components/LayersPane.js';
import { fit, historyRows, packagesRows, wasteRows, type Layout, type Theme } from './layout.js';
import { ScreenData } from '../state/screen-data.js';
import { initialState, type ExploreState } from '../state/state.js';
import { sessionDetailsPane, sessionFilesPane, sessionLayersFrame } from './session-panes.js';
import { useExploreSession, type SessionProps } from './use-explore-session.js';
import { visible } from '../../render/common/safe-text.js';
import { WastePane } from '../components/WastePane.js';
import { PackagesPane } from '../components/PackagesPane.js';

export function App(props: SessionProps<FeedSnapshot>) {
  const session = useExploreSession(props, {
    initial: initialState,
    rows: (s) => s.layers.length,
    screen: () => new ScreenData(),
  });
  const { snap, layout, theme, state, filesLayer, screen } = session;
  const files = screen.files(snap, filesLayer, state);
  const details = screen.details(snap, state.layer, layout.width);
  return (
    <Frame
      layout={layout}
      theme={theme}
      state={state}
      header={<Header snap={snap} width={layout.width} theme={theme} />}
      layers={<LayersPane layers={snap.layers} {...sessionLayersFrame(session, layersTitle(snap))} />}
      files={sessionFilesPane(session, files, placeholder(snap, filesLayer, files, state), `layer ${filesLayer + 1}`)}
      details={sessionDetailsPane(session, details)}
      overlay={overlay(snap, state, screen, layout, theme)}
    />
  );
}

/** The path history, the waste pane or the packages pane, when open. */
function overlay(snap: FeedSnapshot, state: ExploreState, screen: ScreenData, layout: Layout, theme: Theme) {
  if (state.history) {
    const lines = screen.history(snap, state.history.path, layout.width);
    return (
      <DetailsPane
        title="History"
        detail={`${state.history.path} · p esc q close`}
        lines={lines}
        scroll={state.history.scroll}
        rows={historyRows(layout)}
        width={layout.width}
        focused
        theme={theme}
      />
    );
  }
  if (state.waste && snap.analysis) {
    const rows = screen.waste(snap, state.waste.list, state.waste.sort);
    return (
      <WastePane
        analysis={snap.analysis}
        layers={snap.layers}
        waste={state.waste}
        rows={rows}
        page={wasteRows(layout)}
        width={layout.width}
        theme={theme}
      />
    );
  }
  if (state.packages)
    return (
      <PackagesPane
        report={snap.analysis?.packages ?? null}
        layers={snap.layers}
        packages={state.packages}
        rows={screen.packages(snap, state.packages.sort)}
        page={packagesRows(layout)}
        width={layout.width}
        theme={theme}
      />
    );
  return undefined;
}

function Header({ snap, width, theme }: { snap: FeedSnapshot; width: number; theme: Theme }) {
  const name = visible(snap.summary.repoTags[0] ?? snap.summary.reference);
  const failedRaw = failedText(snap);
  const failed = failedRaw === null ? null : visible(failedRaw);
  const parts = headerParts(name, visible(snap.summary.platform), failed ?? progressText(snap), width);
  return (
    <HeaderLine name={parts.name} theme={theme}>
      <Text dimColor>{parts.platform}</Text>
      <Text color={failed ? theme.error : snap.settled ? undefined : theme.progress}>{parts.status}</Text>
    </HeaderLine>
  );
}

/** "1 of 4 layers failed (details: the message)", or the scan's error when no layer is to blame; null without errors. */
function failedText(snap: FeedSnapshot): string | null {
  const n = snap.failures.length;
  if (n > 0)
    return `${n} of ${snap.layers.length} ${snap.layers.length === 1 ? 'layer' : 'layers'} failed · the message is in its details`;
  return snap.error;
}

/** The header's parts, fitted to `width`: the status first, then the name (cut with …); the platform goes first. */
function headerParts(
  name: string,
  platform: string,
  status: string,
  width: number,
): { name: string; platform: string; status: string } {
  const room = width - 'layerscope '.length;
  const plat = `  ${platform}  `;
  if (name.length + plat.length + status.length <= room) return { name, platform: plat, status };
  const statusText = fit(status, Math.min(status.length, Math.max(0, room - Math.min(name.length, 16) - 2))).trimEnd();
  const nameRoom = Math.max(1, room - statusText.length - 2);
  return { name: fit(name, Math.min(name.length, nameRoom)), platform: '  ', status: statusText };
}

export function progressText(snap: FeedSnapshot): string {
  const n = snap.layers.length;
  if (snap.layersDone < n) {
    const of = snap.bytesTotal ? ` of ${formatBytes(snap.bytesTotal)}` : '';
    return `scanning ${snap.layersDone}/${n} layers · ${formatBytes(snap.bytesRead)}${of} read`;
  }
  if (!snap.settled) return `${n} layers scanned · analysing…`;
  return `${n} layers scanned`;
}

function layersTitle(snap: FeedSnapshot): string {
  const inodes = snap.layers.every((l) => l.inodes !== null)
    ? ` · ${formatCount(snap.layers.reduce((a, l) => a + (l.inodes ?? 0), 0))} inodes`
    : '';
  return `${snap.layers.length} layers${inodes}`;
}

function placeholder(snap: FeedSnapshot, layer: number, files: FileRows | null, state: ExploreState): string {
  if (snap.error && layer >= snap.fsLayers)
    return snap.failures.length > 0
      ? `not available: layer ${snap.failures[0].layer + 1} failed`
      : 'not available: the scan failed';
  if (!files) return `scanning… the files appear once ${layer === 0 ? 'layer 1 is' : `layers 1–${layer + 1} are`} read`;
  if (state.filter) return `nothing matches /${state.filter}/ (esc clears the filter)`;
  if (!Object.values(state.show).some(Boolean)) return 'every kind is hidden: a, m, r, u show them';
  return state.mode === 'changes' ? 'this layer changes no files (v: the merged file system)' : 'nothing to show';
}
