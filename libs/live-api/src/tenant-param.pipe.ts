import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { TENANT_PATTERN } from '@contact-cost/contracts';

/** A tenant path segment must be a well-formed tenant id (events.md). */
@Injectable()
export class TenantParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!TENANT_PATTERN.test(value)) {
      throw new BadRequestException(
        `tenant ${JSON.stringify(value)} is malformed: it must match ${TENANT_PATTERN.source}`,
      );
    }
    return value;
  }
}
