import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NODE_ARGS } from './service-node-args';

const ROOT = join(__dirname, '..');

describe("the service's Node flags", () => {
  it('are the same in npm start, the Docker image and the bench', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(`node ${SERVICE_NODE_ARGS.join(' ')} dist/src/main.js`);
    const dockerfile = readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
    expect(cmd).not.toBeNull();
    expect(JSON.parse(cmd![1])).toEqual(['node', ...SERVICE_NODE_ARGS, 'dist/src/main.js']);
  });
});
