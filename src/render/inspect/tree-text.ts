/** `inspect --tree`: the directory tree with each directory's bytes and inodes. */
import type { TreeNode } from '../../analysis/fs/directory-rollup.js';
import type { TreeReport } from '../../analysis/report/image-analysis.js';
import { cutToCells, fitLines } from '../common/cells.js';
import { viewTitle } from './files-text.js';
import { formatBytes, formatCount } from '../common/format.js';
import type { Style } from '../common/style.js';
import { visibleStrings } from '../common/safe-text.js';

interface Line {
  size: string;
  inodes: string;
  label: string;
  dim: boolean;
}

/** Labels (the tree and the names) are cut to fit `width`. */
export function renderTreeText(raw: TreeReport, rawCreatedBy: string[], style: Style, width: number): string {
  const [r, createdBy] = visibleStrings([raw, rawCreatedBy] as const);
  const lines: Line[] = [
    { size: formatBytes(r.root.bytes), inodes: formatCount(r.root.inodes), label: '/', dim: false },
  ];
  walk(r.root, '', lines);
  const sizeWidth = Math.max(4, ...lines.map((l) => l.size.length));
  const inodeWidth = Math.max(6, ...lines.map((l) => l.inodes.length));
  const head = `${'SIZE'.padStart(sizeWidth)}  ${'INODES'.padStart(inodeWidth)}  PATH`;
  const body = lines.map((l) => {
    const text = cutToCells(`${l.size.padStart(sizeWidth)}  ${l.inodes.padStart(inodeWidth)}  ${l.label}`, width);
    return l.dim ? style.dim(text) : text;
  });
  const by = r.sort === 'size' ? 'size' : 'inodes';
  const title = `Directory tree (${viewTitle(r.layer, createdBy)}), by ${by}, ${r.depth} ${r.depth === 1 ? 'level' : 'levels'}`;
  return `${fitLines(style.bold(title), width)}\n${style.bold(head)}\n${body.join('\n')}\n`;
}

function walk(node: TreeNode, prefix: string, out: Line[]): void {
  const more = node.omitted > 0 ? 1 : 0;
  node.children.forEach((child, i) => {
    const last = i === node.children.length - 1 && !more;
    out.push({
      size: formatBytes(child.bytes),
      inodes: formatCount(child.inodes),
      label: `${prefix}${last ? '└─ ' : '├─ '}${child.name}`,
      dim: false,
    });
    walk(child, `${prefix}${last ? '   ' : '│  '}`, out);
  });
  if (more) {
    const what = node.omitted === 1 ? 'directory' : 'directories';
    out.push({ size: '', inodes: '', label: `${prefix}└─ … ${formatCount(node.omitted)} more ${what}`, dim: true });
  }
}
