import { ConfigError, loadConfig, type ReadTextFile } from '../../src/config/load-config.js';

/** The problems `loadConfig` reports for an environment (and files read through `readFile`); [] when it loads. */
export function configProblems(env: Record<string, string>, readFile?: ReadTextFile): string[] {
  try {
    loadConfig(env, readFile);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}
