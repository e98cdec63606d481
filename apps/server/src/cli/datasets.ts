// Loaders of the public intent datasets used to measure the engine (BANKING77, CLINC150).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../dialogue/csv.js';

/** A labelled sentence. */
export interface Example {
  readonly text: string;
  readonly label: string;
}

export interface Banking77 {
  readonly train: Example[];
  readonly test: Example[];
}

export interface Clinc150 {
  readonly train: Example[];
  readonly val: Example[];
  readonly test: Example[];
  readonly oosTrain: Example[];
  readonly oosVal: Example[];
  readonly oosTest: Example[];
}

/** The label CLINC150 gives out-of-scope queries. */
export const OOS_LABEL = 'oos';

/**
 * Where the datasets live: an absolute `--data` as given, a relative one from the working
 * directory, and by default `../shared/datasets` relative to the repository root, found from
 * this file's location (apps/server/src/cli or apps/server/dist/cli, four levels below the root).
 */
export function datasetDir(data?: string): string {
  if (data) return path.resolve(data);
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '../../../..', '../shared/datasets');
}

function loadCsv(file: string): Example[] {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  if (header?.[0] !== 'text' || header[1] !== 'category') throw new Error(`${file}: expected the header text,category`);
  return rows.filter((r) => r.length >= 2).map(([text = '', label = '']) => ({ text, label }));
}

export function loadBanking77(dir: string): Banking77 {
  return {
    train: loadCsv(path.join(dir, 'banking77', 'train.csv')),
    test: loadCsv(path.join(dir, 'banking77', 'test.csv')),
  };
}

export function loadClinc150(dir: string): Clinc150 {
  const raw = JSON.parse(readFileSync(path.join(dir, 'clinc150', 'data_full.json'), 'utf8')) as Record<string, [string, string][]>;
  const split = (name: string): Example[] => {
    const items = raw[name];
    if (!Array.isArray(items)) throw new Error(`data_full.json: missing split ${name}`);
    return items.map(([text, label]) => ({ text, label }));
  };
  return {
    train: split('train'),
    val: split('val'),
    test: split('test'),
    oosTrain: split('oos_train'),
    oosVal: split('oos_val'),
    oosTest: split('oos_test'),
  };
}
