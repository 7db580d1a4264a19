import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createHash } from 'crypto';
import { resolve } from 'path';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { AppConfigModule, loadPipelineConfig } from '@contact-cost/config';
import { ApiKeyService, hashApiKey, HttpIngestModule, MAX_INGEST_BODY_BYTES } from '@contact-cost/http-ingest';
import { KafkaAdmin, readTopic } from '@contact-cost/kafka';
import { StorageModule } from '@contact-cost/storage';
import { INTEGRATION_DATABASE_URL, TEST_BROKERS, topicsFor, uniqueRunId } from '../support/test-environment';

const runId = uniqueRunId();
const topics = topicsFor(runId);
const config = loadPipelineConfig({
  KAFKA_BROKERS: TEST_BROKERS.join(','),
  KAFKA_CLIENT_ID: `cc-test-${runId}`,
  CONSUMER_GROUP: `cc-test-${runId}`,
  KAFKA_TOPIC_CALLS: topics.calls,
  KAFKA_TOPIC_CHATS: topics.chats,
  KAFKA_TOPIC_TICKETS: topics.tickets,
  KAFKA_TOPIC_AGENTS: topics.agents,
  KAFKA_TOPIC_DEAD_LETTER: topics.deadLetter,
  DATABASE_URL: INTEGRATION_DATABASE_URL,
  RATE_CARDS_FILE: resolve(__dirname, '../../deploy/rate-cards.example.json'),
  LOG_LEVEL: 'error',
});
const connection = { brokers: TEST_BROKERS, clientId: `cc-test-${runId}`, logLevel: 'error' as const };

@Module({
  imports: [
    AppConfigModule.forRoot(config),
    StorageModule.forRoot({ migrate: true, applicationName: 'contact-cost-http-ingest-test' }),
    HttpIngestModule,
  ],
})
class HttpIngestTestModule {}

let sequence = 0;
function callStarted(tenant = 'acme', contact = `c-${runId}`): Record<string, unknown> {
  sequence += 1;
  return {
    id: `${runId}-${sequence}`,
    type: 'call.started',
    tenant,
    time: '2026-03-02T10:00:00Z',
    contact,
    direction: 'inbound',
  };
}
function agentState(tenant = 'acme'): Record<string, unknown> {
  sequence += 1;
  const id = `${runId}-${sequence}`;
  return { id, type: 'agent.state', tenant, time: '2026-03-02T09:00:00Z', agent: `a-${runId}`, state: 'available' };
}

describe('HTTP ingest (Postgres + Kafka)', () => {
  let app: INestApplication;
  let acmeKey: string;
  let ghostKey: string;
  // What the endpoint said it accepted, by the topic it must be on.
  const acceptedByTopic = new Map<string, string[]>([
    [topics.calls, []],
    [topics.agents, []],
  ]);

  const post = (body: string, contentType = 'application/json', key: string | null = acmeKey) => {
    const req = request(app.getHttpServer()).post('/v1/events').set('Content-Type', contentType);
    if (key !== null) req.set('Authorization', `Bearer ${key}`);
    return req.send(body);
  };

  beforeAll(async () => {
    const admin = new KafkaAdmin(connection);
    await admin.connect();
    try {
      await admin.ensureTopics(Object.values(topics).map((topic) => ({ topic, partitions: 2, replicationFactor: 1 })));
    } finally {
      await admin.disconnect();
    }
    app = await NestFactory.create(HttpIngestTestModule, { logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    const apiKeys = app.get(ApiKeyService);
    acmeKey = await apiKeys.createApiKey('acme');
    ghostKey = await apiKeys.createApiKey('ghost');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    const admin = new KafkaAdmin(connection);
    await admin.connect();
    await admin.deleteTopics(Object.values(topics)).finally(() => admin.disconnect());
  });

  it('answers 401 without a key, with an unknown key and with a revoked key', async () => {
    const body = JSON.stringify([callStarted()]);
    const none = await post(body, 'application/json', null);
    expect(none.status).toBe(401);
    expect(none.body.message).toContain('Authorization: Bearer');
    expect((await post(body, 'application/json', 'not-a-real-key')).status).toBe(401);
    const apiKeys = app.get(ApiKeyService);
    const revoked = await apiKeys.createApiKey('acme');
    expect(await apiKeys.revokeApiKey(revoked)).toBe(true);
    const response = await post(body, 'application/json', revoked);
    expect(response.status).toBe(401);
    expect(response.body.message).toBe('unknown or revoked API key');
  });

  it('stores only the hash of a key', async () => {
    const rows: { key_hash: string; tenant: string }[] = await app
      .get(DataSource)
      .query('SELECT key_hash, tenant FROM api_keys WHERE key_hash IN ($1, $2)', [acmeKey, hashApiKey(acmeKey)]);
    expect(rows).toEqual([{ key_hash: createHash('sha256').update(acmeKey).digest('hex'), tenant: 'acme' }]);
  });

  it('answers 403 when every event is for another tenant, and produces none', async () => {
    const response = await post(JSON.stringify([callStarted('globex'), agentState('globex')]));
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ accepted: 0, rejected: 2 });
    expect(response.body.results.map((r: { reason: string }) => r.reason)).toEqual([
      'forbidden_tenant',
      'forbidden_tenant',
    ]);
  });

  it('rejects another tenant’s event per event and accepts the key tenant’s', async () => {
    const mine = callStarted();
    const theirs = callStarted('globex');
    const agent = agentState();
    const response = await post(JSON.stringify([mine, theirs, agent]));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      accepted: 2,
      rejected: 1,
      results: [
        { line: 1, id: mine.id, status: 'accepted' },
        {
          line: 2,
          id: theirs.id,
          status: 'rejected',
          reason: 'forbidden_tenant',
          detail: 'tenant "globex" is not the API key\'s tenant "acme"',
        },
        { line: 3, id: agent.id, status: 'accepted' },
      ],
    });
    acceptedByTopic.get(topics.calls)!.push(mine.id as string);
    acceptedByTopic.get(topics.agents)!.push(agent.id as string);
  });

  it('answers 413 with a JSON error for a body over 1 MiB', async () => {
    const event = JSON.stringify(callStarted());
    const events = Array.from({ length: Math.ceil(MAX_INGEST_BODY_BYTES / event.length) + 1 }, () => event);
    const body = `[${events.join(',')}]`;
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_INGEST_BODY_BYTES);
    const response = await post(body);
    expect(response.status).toBe(413);
    expect(response.body.message).toContain(`${MAX_INGEST_BODY_BYTES} byte limit`);
  });

  it('takes a 200 kB JSON body (over the 100 kB limit of the global JSON parser)', async () => {
    const events: Record<string, unknown>[] = [];
    const ids: string[] = [];
    while (JSON.stringify(events).length < 200_000) {
      const event = callStarted();
      events.push(event);
      ids.push(event.id as string);
    }
    const response = await post(JSON.stringify(events));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ accepted: ids.length, rejected: 0 });
    acceptedByTopic.get(topics.calls)!.push(...ids);
  });

  it('answers 400 with a clear message for malformed JSON or JSON that is not an array', async () => {
    const malformed = await post('[{"id": "x", ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/^the body is not valid JSON: /);
    const object = await post(JSON.stringify(callStarted()));
    expect(object.status).toBe(400);
    expect(object.body.message).toBe('the body must be a JSON array of events, got an object');
    expect((await post('[]', 'text/plain')).status).toBe(415);
  });

  it('rejects a bad NDJSON line with its line number and reason and accepts the others', async () => {
    const first = callStarted();
    const usage: Record<string, unknown> = {
      ...callStarted(),
      type: 'usage.recorded',
      direction: undefined,
      resource: 'carrier_pigeon',
      quantity: 1,
    };
    const last = agentState();
    const body = [JSON.stringify(first), '{"id": "broken', '', JSON.stringify(usage), JSON.stringify(last), ''].join(
      '\n',
    );
    const response = await post(body, 'application/x-ndjson');
    expect(response.status).toBe(200);
    expect(response.body.accepted).toBe(2);
    expect(response.body.rejected).toBe(2);
    expect(response.body.results[0]).toEqual({ line: 1, id: first.id, status: 'accepted' });
    expect(response.body.results[1]).toMatchObject({ line: 2, status: 'rejected', reason: 'invalid_json' });
    expect(response.body.results[1].detail).toMatch(/^not JSON: /);
    expect(response.body.results[2]).toMatchObject({
      line: 4,
      id: usage.id,
      status: 'rejected',
      reason: 'unknown_resource',
    });
    expect(response.body.results[3]).toEqual({ line: 5, id: last.id, status: 'accepted' });
    acceptedByTopic.get(topics.calls)!.push(first.id as string);
    acceptedByTopic.get(topics.agents)!.push(last.id as string);
  });

  it('applies the rate-card checks: a tenant without a rate card is unknown_tenant', async () => {
    const response = await post(JSON.stringify([callStarted('ghost')]), 'application/json', ghostKey);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ accepted: 0, rejected: 1, results: [{ reason: 'unknown_tenant' }] });
  });

  it('has put exactly the accepted events on their topics, keyed per events.md', async () => {
    const admin = new KafkaAdmin(connection);
    await admin.connect();
    const written = new Map<string, bigint>();
    try {
      for (const topic of Object.values(topics)) {
        const ends = await admin.endOffsets(topic);
        written.set(
          topic,
          [...ends.values()].reduce((a, b) => a + b, 0n),
        );
      }
    } finally {
      await admin.disconnect();
    }
    expect(written.get(topics.chats)).toBe(0n);
    expect(written.get(topics.tickets)).toBe(0n);
    expect(written.get(topics.deadLetter)).toBe(0n);
    for (const [topic, ids] of acceptedByTopic) {
      expect(written.get(topic)).toBe(BigInt(ids.length));
      const messages = await readTopic(connection, { topic, count: ids.length, timeoutMs: 30_000 });
      const read = messages.map(
        (m) => JSON.parse(m.value!.toString()) as { id: string; contact?: string; agent?: string },
      );
      expect(read.map((e) => e.id).sort()).toEqual([...ids].sort());
      for (const [i, event] of read.entries()) expect(messages[i].key).toBe(event.contact ?? event.agent);
    }
  }, 90_000);
});
