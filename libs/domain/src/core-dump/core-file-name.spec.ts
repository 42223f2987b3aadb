import { parseCoreFileName } from './core-file-name';

describe('parseCoreFileName', () => {
  it('recognises the plain kernel name, which carries no facts', () => {
    expect(parseCoreFileName('core')).toEqual({ convention: 'core', pid: null, executablePath: null, executableName: null });
  });

  it('reads the pid of core.%p (kernel.core_uses_pid=1)', () => {
    expect(parseCoreFileName('core.31337')).toEqual({
      convention: 'core.%p',
      pid: 31337,
      executablePath: null,
      executableName: null,
    });
  });

  it("turns %E's '!' back into '/' for core.%p.%E", () => {
    expect(parseCoreFileName('core.1234.!usr!local!bin!my-server')).toEqual({
      convention: 'core.%p.%E',
      pid: 1234,
      executablePath: '/usr/local/bin/my-server',
      executableName: null,
    });
  });

  it('keeps dots in the executable path of core.%p.%E', () => {
    expect(parseCoreFileName('core.77.!opt!app-1.2!bin!node.real')?.executablePath).toBe('/opt/app-1.2/bin/node.real');
  });

  it('looks only at the last segment of an artifact path', () => {
    expect(parseCoreFileName('build/crashes/core.99.!bin!sh')).toMatchObject({ pid: 99, executablePath: '/bin/sh' });
    expect(parseCoreFileName('core.1/not-a-core.txt')).toBeNull();
  });

  it('reads program and pid from qemu-user names, even when the program has underscores', () => {
    expect(parseCoreFileName('qemu_dump_20261124-210902_11458.core')).toEqual({
      convention: 'qemu',
      pid: 11458,
      executablePath: null,
      executableName: 'dump',
    });
    expect(parseCoreFileName('qemu_my_test_bin_20260101-000000_5.core')?.executableName).toBe('my_test_bin');
  });

  it.each([
    'core.txt',
    'core.12abc',
    'core.0',
    'core.99999999999',
    'core.12.sh',
    'score.12',
    'core.12.!bin!sh.gz/x',
    'qemu_dump_20261124_11458.core',
    'qemu_dump_20261124-210902_11458.core.gz',
    'dump.core',
    '',
  ])('does not read facts from %j', (name) => {
    expect(parseCoreFileName(name)).toBeNull();
  });
});
