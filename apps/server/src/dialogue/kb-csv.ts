// CSV import and export of the knowledge base, for the spreadsheet most teams keep their FAQ in.
import { formatCsv, parseCsv } from './csv.js';
import { validateKnowledgeBase, type KbIssue, type KbParseResult, type KnowledgeEntry } from './knowledge-base.js';

/**
 * Columns: id, question, similar, answer, tags, enabled. A cell of `similar` holds one question
 * per line (Alt+Enter in a spreadsheet); `tags` are comma-separated; `enabled` is true, false or
 * empty (true). `tags` and `enabled` may be left out of the header.
 */
export const KB_CSV_COLUMNS = ['id', 'question', 'similar', 'answer', 'tags', 'enabled'] as const;
const REQUIRED = ['id', 'question', 'similar', 'answer'];

function splitList(cell: string, separator: RegExp): string[] {
  return cell.split(separator).map((s) => s.trim()).filter((s) => s !== '');
}

/** Parses CSV into entries; issue positions are line numbers of the file (the header is line 1). */
export function parseKnowledgeBaseCsv(csv: string): KbParseResult {
  const [header, ...rows] = parseCsv(csv);
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) return { ok: false, issues: [{ position: 1, field: 'header', message: `lacks column(s) ${missing.join(', ')}` }] };
  const unknown = columns.filter((c) => !(KB_CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0) return { ok: false, issues: [{ position: 1, field: 'header', message: `has unknown column(s) ${unknown.join(', ')}` }] };

  const issues: KbIssue[] = [];
  const raw: unknown[] = [];
  const lines: number[] = [];
  let line = 2;
  for (const row of rows) {
    const cell = (name: string): string => row[columns.indexOf(name)] ?? '';
    const position = line;
    // A quoted cell may span lines, so the next row starts after all of this row's newlines.
    line += 1 + row.reduce((n, c) => n + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    if (row.every((c) => c.trim() === '')) continue;
    const enabled = cell('enabled').trim().toLowerCase();
    if (!['', 'true', 'false'].includes(enabled)) {
      issues.push({ position, id: cell('id'), field: 'enabled', message: 'must be true, false or empty' });
    }
    lines.push(position);
    raw.push({
      id: cell('id').trim(),
      question: cell('question').trim(),
      similar: splitList(cell('similar'), /\r\n|\r|\n/),
      answer: cell('answer').trim(),
      ...(columns.includes('tags') && cell('tags').trim() !== '' ? { tags: splitList(cell('tags'), /,/) } : {}),
      ...(enabled === 'false' ? { enabled: false } : {}),
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  const result = validateKnowledgeBase(raw);
  if (result.ok) return result;
  // Positions from validation count entries; a person fixing the file needs its line numbers.
  return { ok: false, issues: result.issues.map((i) => ({ ...i, position: lines[i.position - 1] ?? i.position })) };
}

/** Serializes entries with every column, readable back by `parseKnowledgeBaseCsv`. */
export function formatKnowledgeBaseCsv(entries: readonly KnowledgeEntry[]): string {
  return formatCsv([
    [...KB_CSV_COLUMNS],
    ...entries.map((e) => [e.id, e.question, e.similar.join('\n'), e.answer, (e.tags ?? []).join(','), e.enabled === false ? 'false' : 'true']),
  ]);
}
