/**
 * `layerscope explore A --compare B`: the steps of both images side by side (shared / new),
 * the file diff of the selected step as a tree (that step's changes, or the file systems
 * merged up to it), and the reuse and diff summary. Same reducer, keys and panes as App.
 */
import { Text } from 'ink';
import type { CompareSnapshot } from '../feed/compare-feed.js';
import { CompareScreenData } from '../state/compare-screen-data.js';
import { CompareLayersPane } from '../components/CompareLayersPane.js';
import { Frame, HeaderLine } from '../components/Frame.js';
import type { FileRows } from '../state/file-rows.js';
import type { FeedSnapshot } from '../feed/image-feed.js';
import type { Theme } from './layout.js';
import { initialState, type ExploreState } from '../state/state.js';
import { sessionDetailsPane, sessionFilesPane, sessionLayersFrame } from './session-panes.js';
import { useExploreSession, type SessionProps } from './use-explore-session.js';
import { visible } from '../../render/common/safe-text.js';

/** A diff shows what differs: unmodified entries start hidden (u shows them). */
const COMPARE_INITIAL: ExploreState = { ...initialState, show: { ...initialState.show, unmodified: false } };

export function CompareApp(props: SessionProps<CompareSnapshot>) {
  const session = useExploreSession(props, {
    initial: COMPARE_INITIAL,
    rows: (s) => s.steps.length,
    screen: () => new CompareScreenData(),
  });
  const { snap, layout, theme, state, screen, filesLayer: step } = session;
  const diff = screen.diff(snap, step, state.mode);
  const files = screen.files(snap, step, state);
  const details = screen.details(snap, state.layer, step === state.layer ? diff : null, layout.width);
  const names = { a: nameOf(snap.a), b: nameOf(snap.b) };
  return (
    <Frame
      layout={layout}
      theme={theme}
      state={state}
      header={<Header snap={snap} names={names} theme={theme} />}
      layers={<CompareLayersPane steps={snap.steps} names={names} {...sessionLayersFrame(session, stepsTitle(snap))} />}
      files={sessionFilesPane(session, files, placeholder(snap, files, state), `step ${step + 1} diff`)}
      details={sessionDetailsPane(session, details)}
    />
  );
}

const nameOf = (s: FeedSnapshot) => visible(s.summary.repoTags[0] ?? s.summary.reference);

function Header({ snap, names, theme }: { snap: CompareSnapshot; names: { a: string; b: string }; theme: Theme }) {
  const error = snap.a.error ?? snap.b.error;
  const done = snap.a.layersDone + snap.b.layersDone;
  const total = snap.a.layers.length + snap.b.layers.length;
  const status = done < total ? `scanning ${done}/${total} layers` : snap.settled ? 'scanned' : 'comparing…';
  return (
    <HeaderLine name={`${names.a} → ${names.b}`} theme={theme}>
      {'  '}
      {error ? (
        <Text color={theme.error}>{visible(error)}</Text>
      ) : (
        <Text color={snap.settled ? undefined : theme.progress}>{status}</Text>
      )}
    </HeaderLine>
  );
}

function stepsTitle(snap: CompareSnapshot): string {
  const shared = snap.steps.filter((s) => s.statusB === 'shared').length;
  return `${snap.steps.length} steps · ${shared} of ${snap.b.layers.length} layers of B shared with A`;
}

function placeholder(snap: CompareSnapshot, files: FileRows | null, state: ExploreState): string {
  if (snap.a.error || snap.b.error) return 'not available: a scan failed';
  if (!files) return 'scanning… the diff appears once both images are read up to this step';
  if (state.filter) return `nothing matches /${state.filter}/ (esc clears the filter)`;
  if (!Object.values(state.show).some(Boolean)) return 'every kind is hidden: a, m, r, u show them';
  return `no differences at this step${state.show.unmodified ? '' : ' (u shows the unmodified files)'}`;
}
