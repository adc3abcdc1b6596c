import { DEFAULTS, isFullRun, parseArgs, selected, UsageError } from './args';

describe('bench command line', () => {
  it('defaults to the full province run', () => {
    const options = parseArgs([]);
    expect(options).toEqual(DEFAULTS);
    expect(options.scale).toBe('province');
    expect(options.connections).toBe(32);
    expect(isFullRun(options)).toBe(true);
    expect(selected(options, 'import')).toBe(true);
  });

  it('reads --only, --scale and numbers, with or without =', () => {
    const options = parseArgs(['--only', 'person-get,analytics', '--scale=small', '--seed', '7', '--duration=3']);
    expect(options.only).toEqual(['person-get', 'analytics']);
    expect(options.scale).toBe('small');
    expect(options.seed).toBe(7);
    expect(options.durationSeconds).toBe(3);
    expect(isFullRun(options)).toBe(false);
    expect(selected(options, 'person-get')).toBe(true);
    expect(selected(options, 'login')).toBe(false);
    expect(isFullRun(parseArgs(['--scale', 'province', '--reseed', '--write-doc', '--profile']))).toBe(true);
  });

  it('refuses what it does not know, naming it', () => {
    expect(() => parseArgs(['--only', 'person-get,nope'])).toThrow(/unknown: nope/);
    expect(() => parseArgs(['--scale', 'national'])).toThrow(UsageError);
    expect(() => parseArgs(['--connections', '0'])).toThrow(/--connections/);
    expect(() => parseArgs(['--duration', '1.5'])).toThrow(/--duration/);
    expect(() => parseArgs(['--seed'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option --fast/);
  });
});
