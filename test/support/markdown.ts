import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A fenced code block of a Markdown file. */
export interface CodeBlock {
  readonly file: string;
  /** The line of the opening fence, counting from 1. */
  readonly line: number;
  /** The fence's info string: `ts`, `ts partial`, `console`... */
  readonly info: string;
  readonly code: string;
}

/** The documentation a reader sees: README, CONTRIBUTING, CHANGELOG, docs/, and the examples' and sample's READMEs. */
export function documentationFiles(root: string): string[] {
  const files = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'sample/README.md', 'examples/README.md'].filter((file) => existsSync(join(root, file)));
  for (const folder of ['docs', 'examples']) {
    if (!existsSync(join(root, folder))) continue;
    for (const entry of readdirSync(join(root, folder), { recursive: true })) {
      const file = join(folder, String(entry));
      if (file.endsWith('.md') && !files.includes(file)) files.push(file);
    }
  }
  return files.map((file) => relative(root, join(root, file)));
}

/** Every fenced block of `text`, with where it starts. */
export function codeBlocks(file: string, text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const opening = /^(\s*)(```+|~~~+)\s*([^`]*)$/.exec(lines[index]!);
    if (!opening) continue;
    const [, indent, fence, info] = opening;
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !lines[end]!.trimStart().startsWith(fence!)) body.push(lines[end++]!.slice(indent!.length));
    blocks.push({ file, line: index + 1, info: info!.trim(), code: body.join('\n') });
    index = end;
  }
  return blocks;
}

/** `text` with its fenced blocks and inline code blanked (lines kept), where links are not links. */
export function prose(text: string): string {
  return text.replace(/^(\s*)(```+|~~~+)[^\n]*\n[\s\S]*?^\1\2\s*$/gm, (block) => block.replace(/[^\n]/g, '')).replace(/`[^`\n]*`/g, '');
}

/** The anchors GitHub gives the headings of `text`. */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of prose(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = match[1]!
      .toLowerCase()
      .replace(/<[^>]+>/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Every link target of `text`'s prose: `[text](target)` and `<a href>`. */
export function linksOf(text: string): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = [];
  const lines = prose(text).split('\n');
  lines.forEach((line, index) => {
    for (const match of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)|href="([^"]+)"/g)) links.push({ target: (match[1] ?? match[2])!, line: index + 1 });
  });
  return links;
}

export function read(root: string, file: string): string {
  return readFileSync(join(root, file), 'utf8');
}
