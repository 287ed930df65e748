#!/usr/bin/env node
// The `masthead` command: TypeScript runs through tsx (Node 20 has no type stripping).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
