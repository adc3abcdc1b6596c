// Nest's Apollo driver is ESM and loads @apollo/server's ESM build; take its types from the same build.
import type { ApolloServerPlugin } from '@apollo/server' with { 'resolution-mode': 'import' };
import { dirname, join } from 'node:path';

/**
 * GraphiQL served by the service itself from the npm packages (no CDN), so the IDE works on a closed network.
 * The HTML page is Apollo's landing page; its scripts and styles come from `/graphiql/assets/`.
 */
export const GRAPHIQL_ASSET_PREFIX = '/graphiql/assets/';

export function graphiqlAssets(): Record<string, string> {
  const pkg = (name: string) => dirname(require.resolve(`${name}/package.json`));
  return {
    'react.production.min.js': join(pkg('react'), 'umd', 'react.production.min.js'),
    'react-dom.production.min.js': join(pkg('react-dom'), 'umd', 'react-dom.production.min.js'),
    'graphiql.min.js': join(pkg('graphiql'), 'graphiql.min.js'),
    'graphiql.min.css': join(pkg('graphiql'), 'graphiql.min.css'),
  };
}

/** Started from a file, not inline, so the page works under a `script-src 'self'` content security policy. */
export const GRAPHIQL_INIT_SCRIPT = `ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher: GraphiQL.createFetcher({ url: window.location.pathname }),
    defaultEditorToolsVisibility: true,
    isHeadersEditorEnabled: true,
  }),
);`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Jejaring GraphQL</title>
  <link rel="stylesheet" href="${GRAPHIQL_ASSET_PREFIX}graphiql.min.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading…</div>
  <script src="${GRAPHIQL_ASSET_PREFIX}react.production.min.js"></script>
  <script src="${GRAPHIQL_ASSET_PREFIX}react-dom.production.min.js"></script>
  <script src="${GRAPHIQL_ASSET_PREFIX}graphiql.min.js"></script>
  <script src="${GRAPHIQL_ASSET_PREFIX}graphiql-init.js"></script>
</body>
</html>`;

export function graphiqlLandingPage(): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: PAGE };
        },
      };
    },
  };
}
