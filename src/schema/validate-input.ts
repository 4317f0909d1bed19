import { validateSync, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';

/**
 * The class-validator options type-graphql would use for our settings: missing (undefined/null)
 * properties are skipped, unknown values allowed, and errors carry neither target nor value.
 */
const OPTIONS: ValidatorOptions = {
  forbidUnknownValues: false,
  skipMissingProperties: true,
  validationError: { target: false, value: false },
};

const isObject = (value: unknown): value is object => value !== null && typeof value === 'object';

/**
 * Validates one resolver argument (already an instance of its input class) with class-validator,
 * and throws type-graphql's `ArgumentValidationError` like its built-in validation does.
 *
 * Why not type-graphql's built-in path: it `await import('class-validator')`s and spreads its options
 * on every argument of every request, then runs the asynchronous validator. Our rules are all
 * synchronous (class-validator built-ins and schema/validators.ts), so `validateSync` checks exactly
 * the same constraints without a promise per property. An asynchronous rule added later would be
 * ignored by `validateSync`: keep rules synchronous, or switch this back to `validate`.
 */
export function validateInput(argValue: unknown): void {
  if (!isObject(argValue)) return;
  for (const item of Array.isArray(argValue) ? argValue.filter(isObject) : [argValue]) {
    const errors = validateSync(item, OPTIONS);
    if (errors.length > 0) throw new ArgumentValidationError(errors);
  }
}
