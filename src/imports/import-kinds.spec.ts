import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMPORT_KINDS, KIND_SPECS } from './import-kinds';

/** The column table of a kind as docs/imports.md shows it. */
function columnTable(kind: (typeof IMPORT_KINDS)[number]): string {
  const lines = ['| column | required | format and meaning | example |', '| --- | --- | --- | --- |'];
  // eks-klien is the persons template plus its case columns; the page lists those only.
  const persons = new Set(KIND_SPECS.persons.columns.map((c) => c.name));
  const columns =
    kind === 'eks-klien' ? KIND_SPECS[kind].columns.filter((c) => !persons.has(c.name)) : KIND_SPECS[kind].columns;
  for (const c of columns) {
    const example = c.example === '' ? '' : `\`${c.example}\``;
    lines.push(`| \`${c.name}\` | ${c.required ? 'yes' : 'no'} | ${c.description.en} | ${example} |`);
  }
  return lines.join('\n');
}

describe('import templates', () => {
  it('are documented column by column in docs/imports.md', () => {
    const page = readFileSync(join(__dirname, '..', '..', 'docs', 'imports.md'), 'utf8');
    for (const kind of IMPORT_KINDS) {
      expect(page).toContain(columnTable(kind));
    }
  });

  it('have unique column names and fields per kind', () => {
    for (const kind of IMPORT_KINDS) {
      const columns = KIND_SPECS[kind].columns;
      expect(new Set(columns.map((c) => c.name)).size).toBe(columns.length);
      expect(new Set(columns.map((c) => c.field)).size).toBe(columns.length);
      for (const c of columns) expect(c.name).toMatch(/^[a-z_]+$/);
    }
  });
});
