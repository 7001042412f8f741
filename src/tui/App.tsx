/**
 * `layerscope explore REF`: the layers of one image, the files of the selected layer (its
 * changes, or the file system merged up to it), and the details. State lives in the reducer;
 * the image's data arrives from an ImageFeed as the scan goes.
 */
import { Text } from 'ink';
import { useMemo, useReducer, useSyncExternalStore } from 'react';
import { formatBytes, formatCount } from '../render/format.js';
import { DetailsPane } from './DetailsPane.js';
import { imageDetails, wrapLine } from './details-model.js';
import { FilesPane } from './FilesPane.js';
import { filesTitle, Frame } from './Frame.js';
import type { FeedSnapshot, FeedSource } from './image-feed.js';
import { LayersPane } from './LayersPane.js';
import { layoutFor, themeFor, type Theme } from './layout.js';
import { initialState, reduce, type ExploreState } from './state.js';
import { buildFilesView, type FilesView } from './tree-model.js';
import { ViewCache } from './view-cache.js';
import { useFileRows, useFilesLayer, useKeys, useTerminalSize, viewContext, type FileRows, type TerminalSize } from './use-explorer.js';
import { visible } from '../render/safe-text.js';

export interface AppProps {
  feed: FeedSource<FeedSnapshot>;
  color: boolean;
  /** Pins the terminal size (tests); otherwise the terminal's, following resizes. */
  size?: TerminalSize;
  /** The files pane follows the layer cursor once it rests this long. */
  settleMs?: number;
}

export function App({ feed, color, size, settleMs = 60 }: AppProps) {
  const snap = useSyncExternalStore(feed.subscribe, feed.getSnapshot);
  const term = useTerminalSize(size);
  const layout = layoutFor(term.columns, term.rows, snap.layers.length);
  const theme = useMemo(() => themeFor(color), [color]);
  const [state, dispatch] = useReducer(reduce, initialState);
  const filesLayer = useFilesLayer(feed, state, settleMs);
  const cache = useMemo(() => new ViewCache<FilesView>(), []);
  const view = useMemo(
    () => (snap.fs && filesLayer < snap.fsLayers ? cache.get([snap.fs], `${filesLayer}:${state.mode}`, () => buildFilesView(snap.fs!, filesLayer, state.mode)) : null),
    [cache, snap.fs, snap.fsLayers, filesLayer, state.mode],
  );
  const files = useFileRows(view, state);
  const details = useMemo(
    () => imageDetails(snap, state.layer).flatMap((l) => wrapLine(l, layout.width)),
    [snap.layers, snap.analysis, snap.error, snap.layersDone, state.layer, layout.width],
  );
  useKeys(state, dispatch, () => viewContext(layout, snap.layers.length, files, details.length), () => feed.noteInput());
  const focus = (p: ExploreState['focus']) => !state.help && state.focus === p;
  return (
    <Frame
      layout={layout}
      theme={theme}
      state={state}
      header={<Header snap={snap} width={layout.width} theme={theme} />}
      layers={<LayersPane layers={snap.layers} selected={state.layer} scroll={state.layerScroll} rows={layout.layerRows} width={layout.width} focused={focus('layers')} theme={theme} title={layersTitle(snap)} />}
      files={<FilesPane files={files} placeholder={placeholder(snap, filesLayer, files, state)} cursor={state.cursor} scroll={state.scroll} rows={layout.fileRows} width={layout.width} focused={focus('files')} theme={theme} title={filesTitle(state, `layer ${filesLayer + 1}`)} />}
      details={<DetailsPane lines={details} scroll={state.detailsScroll} rows={layout.detailRows} width={layout.width} focused={focus('details')} theme={theme} />}
    />
  );
}

function Header({ snap, width, theme }: { snap: FeedSnapshot; width: number; theme: Theme }) {
  const name = visible(snap.summary.repoTags[0] ?? snap.summary.reference);
  const error = snap.error ? visible(snap.error) : null;
  return (
    <Text wrap="truncate">
      <Text bold color={theme.accent}>{'layerscope '}</Text>
      <Text bold>{name}</Text>
      <Text dimColor>{`  ${visible(snap.summary.platform)}  `}</Text>
      {error ? <Text color={theme.error}>{error.slice(0, Math.max(10, width - name.length - 30))}</Text> : <Text color={snap.settled ? undefined : theme.progress}>{progressText(snap)}</Text>}
    </Text>
  );
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
  const inodes = snap.layers.every((l) => l.inodes !== null) ? ` · ${formatCount(snap.layers.reduce((a, l) => a + (l.inodes ?? 0), 0))} inodes` : '';
  return `${snap.layers.length} layers${inodes}`;
}

function placeholder(snap: FeedSnapshot, layer: number, files: FileRows | null, state: ExploreState): string {
  if (snap.error && layer >= snap.fsLayers) return 'not available: the scan failed';
  if (!files) return `scanning… the files appear once ${layer === 0 ? 'layer 1 is' : `layers 1–${layer + 1} are`} read`;
  if (state.filter) return `nothing matches /${state.filter}/ (esc clears the filter)`;
  if (!Object.values(state.show).some(Boolean)) return 'every kind is hidden: a, m, r, u show them';
  return state.mode === 'changes' ? 'this layer changes no files (v: the merged file system)' : 'nothing to show';
}
