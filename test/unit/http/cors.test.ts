import { describe, expect, it } from 'vitest';
import { corsHeaders, parseAllowedOrigins, preflightHeaders } from '../../../shared/http/cors';

const allowed = ['https://console.example', 'http://127.0.0.1:3002'];

describe('CORS', () => {
  it('allows exactly the listed origin, echoed, never a wildcard and never with credentials', () => {
    const headers = corsHeaders('https://console.example', allowed);
    expect(headers['access-control-allow-origin']).toBe('https://console.example');
    expect(headers).not.toHaveProperty('access-control-allow-credentials');
    expect(headers.vary).toBe('origin');
  });

  it('gives an origin not on the list no allow-origin header, but still varies on origin', () => {
    expect(corsHeaders('https://evil.example', allowed)).toEqual({ vary: 'origin' });
    expect(corsHeaders(undefined, allowed)).toEqual({ vary: 'origin' });
  });

  it('answers a preflight from an allowed origin with the methods and headers the API takes', () => {
    const headers = preflightHeaders('http://127.0.0.1:3002', allowed);
    expect(headers['access-control-allow-headers']).toContain('idempotency-key');
    expect(headers['access-control-allow-methods']).toContain('PATCH');
    expect(preflightHeaders('https://evil.example', allowed)).toEqual({ vary: 'origin' });
  });

  it('refuses a wildcard or anything but a bare origin in the allow-list', () => {
    expect(() => parseAllowedOrigins('*')).toThrow(/not an origin/);
    expect(() => parseAllowedOrigins('https://a.example/path')).toThrow(/not an origin/);
    expect(() => parseAllowedOrigins('https://*.example')).toThrow(/not an origin/);
    expect(parseAllowedOrigins(' https://a.example , http://localhost:3002 ,')).toEqual(['https://a.example', 'http://localhost:3002']);
    expect(parseAllowedOrigins(undefined)).toEqual([]);
  });
});
