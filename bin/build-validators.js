#!/usr/bin/env node
// The build's second step (npm run build, after tsc): ajv's standalone code for every schema, into
// dist/schemas/validators/. A schema that does not compile fails the build here.
const { writePrecompiled } = await import('../dist/schemas/precompile.js');
writePrecompiled();
