import { AppException } from '../errors/app-exception';
import { CommonErrorCode } from '../errors/common.errors';
import { decodeCursor, encodeCursor } from './pagination';

function cursorError(cursor: string, types: Parameters<typeof decodeCursor>[1]): unknown {
  try {
    decodeCursor(cursor, types);
  } catch (error) {
    return error;
  }
  throw new Error(`decodeCursor accepted ${JSON.stringify(cursor)}`);
}

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('cursor pagination', () => {
  it('round-trips the sort-key values of the last row', () => {
    const values = ['Dinas Sosial Kota Kediri', 'b3f7c1de-2a4e-4f0b-9d6a-5c8e1f2a7b90'];
    const cursor = encodeCursor(values);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, ['string', 'string'])).toEqual(values);
  });

  it('round-trips numbers, timestamps and non-ASCII text', () => {
    const values = [7, '2025-03-01T08:00:00.000Z', 'Ngámpél / 🌾'];
    expect(decodeCursor(encodeCursor(values), ['number', 'timestamp', 'string'])).toEqual(values);
  });

  it.each<[string, string, Parameters<typeof decodeCursor>[1]]>([
    ['not base64url', 'abc+/=', ['string']],
    ['empty', '', ['string']],
    ['not JSON', base64url('{not json'), ['string']],
    ['not an array', base64url('{"code":"3571"}'), ['string']],
    ['too few values', encodeCursor(['a']), ['string', 'string']],
    ['too many values', encodeCursor(['a', 'b']), ['string']],
    ['a number where a string is expected', encodeCursor([3571]), ['string']],
    ['a string where a number is expected', encodeCursor(['7']), ['number']],
    ['an unparseable timestamp', encodeCursor(['yesterday']), ['timestamp']],
    ['an oversized string', encodeCursor(['x'.repeat(301)]), ['string']],
    ['null', encodeCursor([null as unknown as string]), ['string']],
  ])('refuses a cursor that is %s with INVALID_CURSOR', (_what, cursor, types) => {
    const error = cursorError(cursor, types);
    expect(error).toBeInstanceOf(AppException);
    expect((error as AppException).code).toBe(CommonErrorCode.INVALID_CURSOR);
  });
});
