import { INestApplication } from '@nestjs/common';
import { readTopic } from '@contact-cost/kafka';
import { runBuiltCli } from '../support/app-process.runner';
import {
  createTestTopics,
  deleteTestTopics,
  startApi,
  testApiConfig,
  testPipelineEnv,
  TestStack,
} from '../support/pipeline-harness';
import { loadScenario } from '../support/scenarios';
import { INTEGRATION_DATABASE_URL, TEST_BROKERS, topicsFor, uniqueRunId } from '../support/test-environment';

jest.setTimeout(120_000);

/** The API app as deployed (ApiModule) serves POST /v1/events with a key made by `cost api-key create`. */
describe('the API app mounts HTTP ingest; `cost api-key create` makes its keys', () => {
  const runId = uniqueRunId();
  const stack: TestStack = {
    runId,
    databaseUrl: INTEGRATION_DATABASE_URL,
    ratesFile: loadScenario('01-single-call').ratesFile,
    topics: topicsFor(runId),
  };
  const connection = { brokers: TEST_BROKERS, clientId: `cc-api-test-${runId}`, logLevel: 'warn' as const };
  let api: { app: INestApplication; url: string } | undefined;

  beforeAll(async () => {
    await createTestTopics(stack.topics);
    api = await startApi(testApiConfig(stack));
  });

  afterAll(async () => {
    await api?.app.close();
    await deleteTestTopics(stack.topics).catch(() => undefined);
  });

  const post = (body: string, key?: string, contentType = 'application/json') =>
    fetch(`${api!.url}/v1/events`, {
      method: 'POST',
      headers: { 'Content-Type': contentType, ...(key ? { Authorization: `Bearer ${key}` } : {}) },
      body,
    });

  it('answers 401 without a key, 403 for another tenant, and puts accepted events on the configured topic', async () => {
    const created = await runBuiltCli(['api-key', 'create', '--tenant', 'acme'], testPipelineEnv(stack));
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    // Standard output is the key alone, so that scripts can capture it.
    expect(created.stdout).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
    const key = created.stdout.trim();

    const event = {
      id: `${runId}-1`,
      type: 'call.started',
      tenant: 'acme',
      time: '2026-11-02T14:05:00Z',
      contact: `c-${runId}`,
      direction: 'inbound',
    };
    expect((await post(JSON.stringify([event]))).status).toBe(401);
    expect((await post(JSON.stringify([event]), 'wrong-key')).status).toBe(401);
    const forbidden = await post(JSON.stringify([{ ...event, tenant: 'globex' }]), key);
    expect(forbidden.status).toBe(403);

    const accepted = await post(`${JSON.stringify(event)}\n{"id": "broken\n`, key, 'application/x-ndjson');
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({
      accepted: 1,
      rejected: 1,
      results: [
        { line: 1, id: event.id, status: 'accepted' },
        { line: 2, status: 'rejected', reason: 'invalid_json' },
      ],
    });
    const [message] = await readTopic(connection, { topic: stack.topics.calls, count: 1, timeoutMs: 30_000 });
    expect(message.key).toBe(event.contact);
    expect(JSON.parse(message.value!.toString())).toEqual(event);
  });

  it('refuses a malformed tenant without creating a key (exit 2, a wrong argument)', async () => {
    const run = await runBuiltCli(['api-key', 'create', '--tenant', 'Not A Tenant'], testPipelineEnv(stack));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--tenant "Not A Tenant" is malformed');
  });
});
