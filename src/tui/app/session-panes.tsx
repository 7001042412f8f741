/** The panes as both explore apps draw them from their session: the layers pane's frame, files and details. */
import { DetailsPane } from '../components/DetailsPane.js';
import { FilesPane } from '../components/FilesPane.js';
import { filesTitle } from '../components/Frame.js';
import type { FileRows } from '../state/file-rows.js';
import type { PaneProps } from './layout.js';
import type { ExploreSession } from './use-explore-session.js';

type Session = Pick<ExploreSession<unknown, unknown>, 'layout' | 'theme' | 'state' | 'focus'>;

/** The layers (or steps) pane's frame and selected row; `title` says what it lists. */
export function sessionLayersFrame(s: Session, title: string): PaneProps & { selected: number } {
  return {
    selected: s.state.layer,
    scroll: s.state.layerScroll,
    rows: s.layout.layerRows,
    width: s.layout.width,
    focused: s.focus('layers'),
    theme: s.theme,
    title,
  };
}

/** The files pane: `what` names what it lists ("layer 3", "step 2 diff"). */
export function sessionFilesPane(s: Session, files: FileRows | null, placeholder: string, what: string) {
  return (
    <FilesPane
      files={files}
      placeholder={placeholder}
      cursor={s.state.cursor}
      scroll={s.state.scroll}
      rows={s.layout.fileRows}
      width={s.layout.width}
      focused={s.focus('files')}
      theme={s.theme}
      title={filesTitle(s.state, what)}
      attributes={s.state.attributes}
    />
  );
}

export function sessionDetailsPane(s: Session, lines: Parameters<typeof DetailsPane>[0]['lines']) {
  return (
    <DetailsPane
      lines={lines}
      scroll={s.state.detailsScroll}
      rows={s.layout.detailRows}
      width={s.layout.width}
      focused={s.focus('details')}
      theme={s.theme}
    />
  );
}
