import { join } from 'node:path';
import { scanTree } from './outside-citations';

// Part of `npm run lint`: fails on any citation of a document that is not in the repository.
const citations = scanTree(join(__dirname, '..', '..'));
for (const { file, line, text } of citations) console.error(`${file}:${line}: ${text}`);
if (citations.length > 0) {
  console.error(
    `\n${citations.length} line(s) cite a document that is not in the repository (a numbered seed, a section of the first SPEC): ` +
      'state the fact, or name the public document ("DTR 2.6 API", "Quay API guide", "Alauda API docs").',
  );
  process.exit(1);
}
