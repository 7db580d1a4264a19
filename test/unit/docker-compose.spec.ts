import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, type AppName } from '@contact-cost/config';
import { DEFAULT_TOPICS } from '@contact-cost/contracts';

const repoRoot = join(__dirname, '..', '..');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
}

interface ComposeFile {
  services: Record<string, ComposeService>;
}

const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
const apps: AppName[] = ['pipeline', 'api'];

function environmentOf(service: ComposeService): Map<string, string> {
  const environment = service.environment ?? {};
  const entries = Array.isArray(environment)
    ? environment.map((line) => {
        const separator = line.indexOf('=');
        return [line.slice(0, separator), line.slice(separator + 1)] as const;
      })
    : Object.entries(environment).map(([name, value]) => [name, String(value ?? '')] as const);
  return new Map(entries);
}

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

describe('docker-compose.yml', () => {
  it('defines Kafka, its topic set-up, PostgreSQL, Redis and both apps', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['api', 'kafka', 'kafka-init', 'pipeline', 'postgres', 'redis'].sort(),
    );
    expect(service('kafka').image).toMatch(/^apache\/kafka:4\.1\.\d+$/);
    expect(service('postgres').image).toBe('postgres:15');
    expect(service('redis').image).toMatch(/^redis:7/);
  });

  it.each(apps)('%s sets every variable that libs/config requires', (app) => {
    const environment = environmentOf(service(app));
    const required = CONFIG_VARIABLES[app].filter((variable) => variable.required).map((variable) => variable.name);
    expect(required.length).toBeGreaterThan(0);
    for (const name of required) {
      expect({ name, value: environment.get(name) ?? '' }).toEqual({ name, value: expect.stringMatching(/\S/) });
    }
  });

  it.each(apps)(
    '%s overrides every default that points at this machine, which in a container is the app itself',
    (app) => {
      const environment = environmentOf(service(app));
      const local = CONFIG_VARIABLES[app].filter((variable) => /127\.0\.0\.1|localhost/.test(variable.default ?? ''));
      expect(local.map((variable) => variable.name)).toContain('DATABASE_URL');
      for (const { name } of local) {
        expect({ name, value: environment.get(name) }).toEqual({
          name,
          value: expect.stringMatching(/^(?!.*(127\.0\.0\.1|localhost)).+$/),
        });
      }
    },
  );

  it.each(apps)('%s sets only variables that it reads (no misspelt names)', (app) => {
    const known = new Set(CONFIG_VARIABLES[app].map((variable) => variable.name));
    const unknown = [...environmentOf(service(app)).keys()].filter((name) => !known.has(name));
    expect(unknown).toEqual([]);
  });

  it.each(apps)('%s runs its compiled entry point and mounts the rate-card file it is given', (app) => {
    const definition = service(app);
    expect(definition.build).toBeDefined();
    expect(definition.command).toEqual(['node', '-r', './scripts/register-aliases.js', `dist/apps/${app}/src/main.js`]);

    const rateCardsFile = environmentOf(definition).get('RATE_CARDS_FILE');
    const mount = (definition.volumes ?? [])
      .map((volume) => volume.split(':'))
      .find(([, target]) => target === rateCardsFile);
    expect(mount).toBeDefined();
    const [hostPath] = mount as string[];
    expect(() => JSON.parse(readFileSync(join(repoRoot, hostPath), 'utf8'))).not.toThrow();
  });

  it('creates, before the pipeline starts, every topic the pipeline is configured with', () => {
    const environment = environmentOf(service('pipeline'));
    const topics = [
      environment.get('KAFKA_TOPIC_CALLS') ?? DEFAULT_TOPICS.calls,
      environment.get('KAFKA_TOPIC_CHATS') ?? DEFAULT_TOPICS.chats,
      environment.get('KAFKA_TOPIC_TICKETS') ?? DEFAULT_TOPICS.tickets,
      environment.get('KAFKA_TOPIC_AGENTS') ?? DEFAULT_TOPICS.agents,
      environment.get('KAFKA_TOPIC_DEAD_LETTER') ?? DEFAULT_TOPICS.deadLetter,
    ];
    const script = ([] as string[]).concat(service('kafka-init').command ?? []).join('\n');
    for (const topic of topics) {
      expect({
        topic,
        created: new RegExp(`(^|\\s)${topic.replace(/\./g, '\\.')}:\\d+(\\s|;|$)`).test(script),
      }).toEqual({
        topic,
        created: true,
      });
    }
    expect(service('pipeline').depends_on).toMatchObject({
      'kafka-init': { condition: 'service_completed_successfully' },
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
  });

  it('has the API produce HTTP-ingested events to the very topics and broker the pipeline consumes', () => {
    const pipeline = environmentOf(service('pipeline'));
    const api = environmentOf(service('api'));
    const topicVariables = [
      'KAFKA_BROKERS',
      'KAFKA_TOPIC_CALLS',
      'KAFKA_TOPIC_CHATS',
      'KAFKA_TOPIC_TICKETS',
      'KAFKA_TOPIC_AGENTS',
      'KAFKA_TOPIC_DEAD_LETTER',
    ];
    for (const name of topicVariables) {
      expect({ name, api: api.get(name) }).toEqual({ name, api: pipeline.get(name) });
    }
    expect(service('api').depends_on).toMatchObject({ 'kafka-init': { condition: 'service_completed_successfully' } });
  });
});
