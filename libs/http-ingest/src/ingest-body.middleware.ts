import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'http';
import { MAX_INGEST_BODY_BYTES } from './ingest-body.parser';

export const INGEST_PATH = '/v1/events';

/** Where the middleware leaves the bytes for the controller. */
export type RequestWithRawBody = IncomingMessage & { body?: unknown; ingestBody?: Buffer };

/**
 * Gives POST /v1/events its body as raw bytes (any content type) under the 1 MiB limit. It must run before Nest's
 * global JSON parser (100 kB limit), which would otherwise parse or refuse the body first: so it is mounted on the
 * HTTP adapter while the module is instantiated, which NestFactory.create does before it adds its parsers.
 */
@Injectable()
export class IngestBodyMiddlewareInstaller {
  constructor(adapterHost: HttpAdapterHost) {
    const adapter = adapterHost.httpAdapter;
    if (!adapter) {
      throw new Error(
        'HttpIngestModule needs an HTTP application created by NestFactory.create (no HTTP adapter is available yet)',
      );
    }
    adapter.use(INGEST_PATH, ingestBodyMiddleware(MAX_INGEST_BODY_BYTES));
  }
}

/** Reads the whole body; one over `limit` bytes is drained (so the client hears the answer) and answered 413. */
export function ingestBodyMiddleware(limit: number) {
  return (request: RequestWithRawBody, response: ServerResponse, next: (error?: unknown) => void): void => {
    if (request.method !== 'POST') return next();
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(request.headers['content-length'] ?? 0) > limit;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    request.on('error', (error) => next(error));
    request.on('end', () => {
      if (tooLarge) {
        sendJson(response, 413, {
          statusCode: 413,
          error: 'Payload Too Large',
          message: `the request body exceeds the ${limit} byte limit of POST ${INGEST_PATH} (1 MiB): split it`,
        });
        return;
      }
      request.ingestBody = Buffer.concat(chunks, size);
      // Marks the body as read, so the global body parsers leave it alone.
      (request as { _body?: boolean })._body = true;
      next();
    });
  };
}

function sendJson(response: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Content-Length', Buffer.byteLength(text));
  response.end(text);
}
