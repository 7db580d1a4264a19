import {
  BadRequestException,
  Controller,
  ForbiddenException,
  HttpCode,
  HttpException,
  Post,
  Req,
  ServiceUnavailableException,
  UseGuards,
} from '@nestjs/common';
import { API_KEY_TENANT, ApiKeyGuard } from './api-key.guard';
import { FORBIDDEN_TENANT, HttpIngestService, IngestOutcome, IngestProduceError } from './http-ingest.service';
import { parseIngestBody } from './ingest-body.parser';
import type { RequestWithRawBody } from './ingest-body.middleware';

/** HTTP ingest for platforms that cannot produce to Kafka themselves. */
@Controller('v1/events')
export class HttpIngestController {
  constructor(private readonly ingestService: HttpIngestService) {}

  /** A JSON array of events or NDJSON; 200 with one result per event once the accepted ones are in Kafka. */
  @Post()
  @HttpCode(200)
  @UseGuards(ApiKeyGuard)
  async ingest(@Req() request: RequestWithRawBody & { [API_KEY_TENANT]?: string }): Promise<IngestOutcome> {
    const tenant = request[API_KEY_TENANT] as string;
    if (!Buffer.isBuffer(request.ingestBody)) {
      throw new Error('POST /v1/events reached the controller without its raw body: is HttpIngestModule mounted?');
    }
    const body = parseIngestBody(request.headers['content-type'], request.ingestBody);
    if (!body.ok) {
      if (body.status === 415) throw new HttpException(body.message, 415);
      throw new BadRequestException(body.message);
    }
    if (body.items.length === 0) throw new BadRequestException('the body holds no events');
    let outcome: IngestOutcome;
    try {
      outcome = await this.ingestService.ingest(tenant, body.items);
    } catch (error) {
      if (error instanceof IngestProduceError) {
        throw new ServiceUnavailableException(`${error.message}; no event of this request was accepted, send it again`);
      }
      throw error;
    }
    if (outcome.results.every((r) => r.status === 'rejected' && r.reason === FORBIDDEN_TENANT)) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: `every event names a tenant other than the API key's (${tenant})`,
        ...outcome,
      });
    }
    return outcome;
  }
}
