import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from './migration-list';

describe('the migration list', () => {
  it('holds every migration file once, in timestamp order', () => {
    const files = readdirSync(join(__dirname, '../../migrations'))
      .filter((f) => /^\d{13}-.+\.ts$/.test(f))
      .map((f) => f.slice(0, 13))
      .sort();
    const listed = MIGRATIONS.map((m) => /(\d{13})$/.exec(m.name)![1]);
    expect(listed).toEqual(files);
  });
});
