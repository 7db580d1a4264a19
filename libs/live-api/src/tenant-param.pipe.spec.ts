import { BadRequestException } from '@nestjs/common';
import { TenantParamPipe } from './tenant-param.pipe';

describe('TenantParamPipe', () => {
  const pipe = new TenantParamPipe();

  it.each(['acme', '0', 'a-b_c', 'a'.repeat(64)])('accepts %s', (tenant) => {
    expect(pipe.transform(tenant)).toBe(tenant);
  });

  it.each(['', 'Acme', '-acme', '_a', 'a b', 'a'.repeat(65), 'acme/x', 'é'])('rejects %j naming it', (tenant) => {
    expect(() => pipe.transform(tenant)).toThrow(BadRequestException);
    expect(() => pipe.transform(tenant)).toThrow(`tenant ${JSON.stringify(tenant)} is malformed`);
  });
});
