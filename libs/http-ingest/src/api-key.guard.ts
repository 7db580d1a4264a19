import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { bearerKeyOf } from './api-key.hasher';
import { ApiKeyService } from './api-key.service';

/** The request property holding the tenant of the request's API key once the guard admitted it. */
export const API_KEY_TENANT = 'apiKeyTenant';

export type RequestWithTenant = { headers: Record<string, string | string[] | undefined>; [API_KEY_TENANT]?: string };

/** Admits a request carrying `Authorization: Bearer <key>` with a live API key; 401 otherwise. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly apiKeys: ApiKeyService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithTenant>();
    const header = request.headers.authorization;
    const key = bearerKeyOf(Array.isArray(header) ? header[0] : header);
    if (key === null) throw new UnauthorizedException('missing API key: send Authorization: Bearer <key>');
    const tenant = await this.apiKeys.tenantOfKey(key);
    if (tenant === null) throw new UnauthorizedException('unknown or revoked API key');
    request[API_KEY_TENANT] = tenant;
    return true;
  }
}
