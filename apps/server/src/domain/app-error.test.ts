import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_ERROR_CODES, AppError } from './app-error.js';

const errorsDoc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');
const restTable = errorsDoc.slice(errorsDoc.indexOf('## REST errors'));

describe('AppError codes', () => {
  it('are each listed in the REST errors of docs/errors.md with their HTTP status', () => {
    const missing = APP_ERROR_CODES.filter((code) => !restTable.includes(`| \`${code}\` | ${new AppError(code, '').httpStatus} |`));
    expect(missing).toEqual([]);
  });

  it('carry their details beside code and message', () => {
    const error = new AppError('bot_config_invalid', 'two problems', { details: { issues: ['a', 'b'] } });
    expect([error.httpStatus, error.wireCode, error.details]).toEqual([400, 'bad_frame', { issues: ['a', 'b'] }]);
  });
});
