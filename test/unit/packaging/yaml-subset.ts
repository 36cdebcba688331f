/**
 * Just enough YAML to read electron-builder.yml: block maps, block sequences (of scalars or of
 * maps), quoted and plain scalars, booleans, numbers and comments. Anything else (flow
 * collections, anchors, multi-line strings) is refused with its line number, so the config
 * cannot drift into syntax this reader would get wrong. Not a general YAML parser: the `yaml`
 * package is not a dependency, and electron-builder itself cannot be installed here.
 */
export type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

interface Line {
  no: number;
  indent: number;
  text: string;
}

const KEY = /^([A-Za-z0-9_.-]+):(?: +(.*))?$/;
const isItem = (text: string): boolean => text === '-' || text.startsWith('- ');

/** The line without its comment: a `#` at the start or after a space, outside quotes. */
function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || text[i - 1] === ' ')) return text.slice(0, i).trimEnd();
  }
  return text.trimEnd();
}

function scalar(raw: string, no: number): Yaml {
  if (raw.startsWith("'")) {
    if (!raw.endsWith("'") || raw.length < 2) throw new Error(`line ${no}: unterminated '…'`);
    return raw.slice(1, -1).replaceAll("''", "'");
  }
  if (raw.startsWith('"')) return JSON.parse(raw) as string;
  if (/^[[{&*|>!%@`]/.test(raw)) throw new Error(`line ${no}: unsupported YAML syntax: ${raw}`);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (raw === 'null' || raw === '~') return null;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

export function parseYamlSubset(source: string): Yaml {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, index) => {
    if (/^\s*\t/.test(raw)) throw new Error(`line ${index + 1}: tabs cannot indent YAML`);
    const text = stripComment(raw);
    if (text.trim() === '') return;
    const indent = text.length - text.trimStart().length;
    lines.push({ no: index + 1, indent, text: text.trimStart() });
  });
  let i = 0;

  const node = (indent: number): Yaml => (isItem(lines[i]!.text) ? sequence(indent) : map(indent));

  function map(indent: number): Yaml {
    const out: { [key: string]: Yaml } = {};
    while (i < lines.length && lines[i]!.indent === indent && !isItem(lines[i]!.text)) {
      const line = lines[i]!;
      const match = KEY.exec(line.text);
      if (!match) throw new Error(`line ${line.no}: expected "key: value", got ${line.text}`);
      const [, key, rest] = match as unknown as [string, string, string | undefined];
      if (key in out) throw new Error(`line ${line.no}: duplicate key ${key}`);
      i++;
      const next = lines[i];
      if (rest !== undefined && rest !== '') out[key] = scalar(rest, line.no);
      else if (next && (next.indent > indent || (next.indent === indent && isItem(next.text))))
        out[key] = node(next.indent);
      else out[key] = null;
    }
    const stray = lines[i];
    if (stray && stray.indent > indent) throw new Error(`line ${stray.no}: unexpected indentation`);
    return out;
  }

  function sequence(indent: number): Yaml {
    const out: Yaml[] = [];
    while (i < lines.length && lines[i]!.indent === indent && isItem(lines[i]!.text)) {
      const line = lines[i]!;
      const rest = line.text.slice(1).trimStart();
      if (rest === '') {
        i++;
        const next = lines[i];
        out.push(next && next.indent > indent ? node(next.indent) : null);
      } else if (KEY.test(rest)) {
        // "- key: value" opens a map whose keys line up with `key`.
        lines[i] = { no: line.no, indent: indent + line.text.length - rest.length, text: rest };
        out.push(map(lines[i]!.indent));
      } else {
        out.push(scalar(rest, line.no));
        i++;
      }
    }
    return out;
  }

  if (lines.length === 0) return null;
  const root = node(lines[0]!.indent);
  if (i < lines.length) throw new Error(`line ${lines[i]!.no}: unexpected indentation`);
  return root;
}
