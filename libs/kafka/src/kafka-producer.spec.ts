// The deadline HTTP ingest puts on a send (a send to a missing topic or an unreachable broker retries without end).
import { KafkaSendTimeoutError, withinTime } from './kafka-producer';

describe('withinTime', () => {
  const timedOut = () => new KafkaSendTimeoutError(['cc.calls'], 20);

  it('gives the outcome of work that ends in time, success or failure', async () => {
    await expect(withinTime(Promise.resolve('sent'), 1000, timedOut)).resolves.toBe('sent');
    await expect(withinTime(Promise.reject(new Error('broker said no')), 1000, timedOut)).rejects.toThrow(
      'broker said no',
    );
  });

  it('gives up on work that has not ended by the deadline, naming the topics, and drops its later failure', async () => {
    let fail: (error: Error) => void = () => undefined;
    const never = new Promise<never>((_, reject) => (fail = reject));
    const outcome = withinTime(never, 20, timedOut);
    await expect(outcome).rejects.toBeInstanceOf(KafkaSendTimeoutError);
    await expect(outcome).rejects.toThrow('no acknowledgement from Kafka within 20 ms for topics cc.calls');
    // No unhandled rejection when the abandoned work fails afterwards.
    fail(new Error('too late'));
    await new Promise((resolve) => setImmediate(resolve));
  });
});
