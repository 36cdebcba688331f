#!/usr/bin/env node
// `npx encore …`: the CLI bundle is built by `npm install` (the `prepare` script) or `npm run build`.
import '../dist/main/cli.js';
