import { describe, expect, it } from '@jest/globals';
import { clientIpKey } from '../../../src/rate-limit/client-ip-key.js';

describe('clientIpKey', () => {
  it('keys two IPv6 addresses of one /64 alike, whatever their spelling', () => {
    const a = clientIpKey('2001:db8:1:2::1');
    expect(a).toBe('2001:db8:1:2::/64');
    expect(clientIpKey('2001:0db8:0001:0002:ffff:eeee:dddd:cccc')).toBe(a);
    expect(clientIpKey('2001:DB8:1:2:0:0:0:9%eth0')).toBe(a);
  });

  it('keys neighbouring /64s apart', () => {
    expect(clientIpKey('2001:db8:1:3::1')).not.toBe(clientIpKey('2001:db8:1:2::1'));
    expect(clientIpKey('::1')).toBe('0:0:0:0::/64');
  });

  it('leaves IPv4 unchanged and reads IPv4-mapped IPv6 as IPv4', () => {
    expect(clientIpKey('192.0.2.7')).toBe('192.0.2.7');
    expect(clientIpKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientIpKey('::ffff:c000:207')).toBe('192.0.2.7');
  });

  it('keeps what is not an address as it is', () => {
    expect(clientIpKey('unknown')).toBe('unknown');
    expect(clientIpKey('')).toBe('');
  });
});
