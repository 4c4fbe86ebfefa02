#!/usr/bin/env bash
# Install the npm packages in package-lock.json and copy the files the app serves into
# static/vendor/ (git-ignored), so pages never load scripts from a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: GraphiQL will not be available (apt-get install -y npm)." >&2
  exit 0
fi
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
mkdir -p static/vendor/graphiql
cp node_modules/graphiql/graphiql.min.js node_modules/graphiql/graphiql.min.css static/vendor/graphiql/
cp node_modules/react/umd/react.production.min.js static/vendor/graphiql/
cp node_modules/react-dom/umd/react-dom.production.min.js static/vendor/graphiql/
# The source maps are not vendored, and collectstatic's manifest storage refuses a file that names a
# missing one: drop the trailing `sourceMappingURL` comments so production's collectstatic works.
sed -i -E '/^\/\/# sourceMappingURL=/d; s@/\*# sourceMappingURL=[^*]*\*/@@' static/vendor/graphiql/*.js static/vendor/graphiql/*.css
