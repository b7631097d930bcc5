import { describe, expect, it, vi } from 'vitest';
import { BLOCKED_PURPOSE, createBlockedRequestReporter, isLoopbackHost, outsideHost } from './blocked-requests.js';

function reporter(windowMs = 60_000) {
  let now = 1_000_000;
  const report = vi.fn((_entry: { host: string; purpose: string }) => Promise.resolve());
  const r = createBlockedRequestReporter({ report, windowMs, now: () => now });
  return { r, report, hosts: () => report.mock.calls.map(([e]) => e.host), advance: (ms: number) => (now += ms) };
}

describe('blocked request reporter', () => {
  it('reports the host (never the path or query) with a fixed purpose', () => {
    const { r, report } = reporter();
    r.blocked('https://Tracker.Example:8443/p.gif?user=ana&doc=secret.pdf');
    expect(report).toHaveBeenCalledWith({ host: 'tracker.example', purpose: BLOCKED_PURPOSE });
    expect(BLOCKED_PURPOSE).toBe('blocked request from the window');
  });

  it('reports a host at most once a minute', () => {
    const { r, hosts, advance } = reporter();
    r.blocked('https://a.example/1');
    r.blocked('https://a.example/2');
    r.blocked('wss://b.example/');
    advance(59_999);
    r.blocked('https://a.example/3');
    advance(1);
    r.blocked('https://a.example/4');
    expect(hosts()).toEqual(['a.example', 'b.example', 'a.example']);
  });

  it('ignores what would not have left the computer', () => {
    const { r, report } = reporter();
    for (const url of [
      'http://127.0.0.1:9000/',
      'http://localhost:3000/',
      'ws://[::1]:8080/',
      'http://[::ffff:127.0.0.1]/',
      'http://app.localhost/',
      'file:///etc/passwd',
      'data:text/plain,hi',
      'chrome://settings',
      'devtools://devtools/inspector.html',
      'not a url',
    ]) {
      r.blocked(url);
    }
    expect(report).not.toHaveBeenCalled();
  });

  it('stops remembering hosts past a bound, so made-up hosts cannot grow memory', () => {
    const { r, report, advance } = reporter();
    for (let i = 0; i < 1500; i++) r.blocked(`https://h${i}.example/`);
    expect(report).toHaveBeenCalledTimes(1000);
    advance(60_000);
    r.blocked('https://late.example/');
    expect(report).toHaveBeenCalledTimes(1001);
  });

  it('a failed report is logged, not thrown', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const r = createBlockedRequestReporter({ report: () => Promise.reject(new Error('engine down')) });
    expect(() => r.blocked('https://x.example/')).not.toThrow();
    await vi.waitFor(() => expect(warn).toHaveBeenCalled());
    expect(String(warn.mock.calls[0]?.[0])).toContain('x.example');
    warn.mockRestore();
  });
});

describe('outsideHost', () => {
  it('names the host of network schemes only', () => {
    expect(outsideHost('https://example.com/a')).toBe('example.com');
    expect(outsideHost('ftp://files.example/x')).toBe('files.example');
    expect(outsideHost('http://10.0.0.5/')).toBe('10.0.0.5');
    expect(outsideHost('blob:https://example.com/uuid')).toBeNull();
  });

  it('knows loopback in its spellings', () => {
    expect(isLoopbackHost('127.1.2.3')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('::ffff:7f00:1')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('localhost.example.com')).toBe(false);
  });
});
