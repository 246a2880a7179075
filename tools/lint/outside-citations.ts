import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Citations of documents that are not in the repository: the numbered source documents the
 * project started from ("seed" and a three-digit number) and its first specification ("SPEC"
 * and a section sign, or its file name). A reader cannot open either; state the fact or name
 * the public document ("DTR 2.6 API", "Quay API guide", "Alauda API docs").
 */
const OUTSIDE_CITATION = /\bseeds?\s*0\d\d\b|\bspec(?:\.md)?\s*§|\bSPEC\.md\b/i;

const CHECKED_FILE = /\.(?:[cm]?[jt]s|md|ya?ml|json|sh)$|(?:^|\/)Dockerfile$/;
const SKIPPED = new Set([
  'node_modules',
  'dist',
  'tmp',
  'coverage',
  '.git',
  '.nx',
  '.hookyard',
  'package-lock.json',
]);

export interface Citation {
  file: string;
  line: number;
  text: string;
}

/** The lines of `text` that cite a document outside the repository, numbered from 1. */
export function findOutsideCitations(file: string, text: string): Citation[] {
  return text
    .split('\n')
    .map((line, index) => ({ file, line: index + 1, text: line.trim() }))
    .filter(({ text: line }) => OUTSIDE_CITATION.test(line));
}

/** Every citation in the checked files below `root` (sources, docs, configuration). */
export function scanTree(root: string, dir = root): Citation[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return scanTree(root, path);
    const file = relative(root, path);
    return entry.isFile() && CHECKED_FILE.test(file)
      ? findOutsideCitations(file, readFileSync(path, 'utf8'))
      : [];
  });
}
