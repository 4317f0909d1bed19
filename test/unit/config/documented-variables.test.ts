import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { environmentSchema } from '../../../src/config/config.schema.js';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('configuration variables', () => {
  const variables = Object.keys(environmentSchema.shape);

  it('are each documented in the README configuration table', () => {
    const readme = read('README.md');
    expect(variables.filter((v) => !readme.includes(`\`${v}\``))).toEqual([]);
  });

  it('are each listed in .env.example', () => {
    const example = read('.env.example');
    expect(variables.filter((v) => !new RegExp(`^#? ?${v}=`, 'm').test(example))).toEqual([]);
  });
});
