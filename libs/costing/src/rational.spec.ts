// cost-model.md "Money and rounding" and "Precise points › Rounding": money to 6 places and seconds to 3 places,
// half-to-even, once, from the exact value of the figure reported.
import { Rational } from './rational';
import { costDay, eventWriter, rateCards } from './testing/cost-day.builder';

const d = (text: string) => Rational.parseDecimal(text);

describe('Rational rounding', () => {
  it.each([
    ['0.0000005', '0.000000'],
    ['0.0000015', '0.000002'],
    ['0.0000025', '0.000002'],
    ['0.0000035', '0.000004'],
    ['1.2345665', '1.234566'],
    ['1.23456650000001', '1.234567'],
    ['2.9999995', '3.000000'],
    ['-0.0000015', '-0.000002'],
  ])('money %s → %s (half to even)', (exact, printed) => {
    expect(d(exact).toFixed6()).toBe(printed);
  });

  it.each([
    ['0.0005', 0],
    ['0.0015', 0.002],
    ['1.0025', 1.002],
    ['2.0035', 2.004],
    ['378.3333333', 378.333],
  ])('seconds %s → %d (half to even)', (exact, printed) => {
    expect(d(exact).toSeconds3()).toBe(printed);
  });

  it('rounds a non-decimal exact value (1/3, 2/3)', () => {
    expect(Rational.of(1n, 3n).toFixed6()).toBe('0.333333');
    expect(Rational.of(2n, 3n).toFixed6()).toBe('0.666667');
    expect(Rational.of(1135n, 3n).toSeconds3()).toBe(378.333);
  });

  it('computes exactly: 0.1 + 0.2 = 0.3 and 1/3 × 3 = 1', () => {
    expect(d('0.1').add(d('0.2')).cmp(d('0.3'))).toBe(0);
    expect(Rational.of(1n, 3n).mulInt(3n).cmp(Rational.ONE)).toBe(0);
    expect(Rational.of(7n, 2n).ceil()).toBe(4n);
    expect(Rational.of(8n, 2n).ceil()).toBe(4n);
  });
});

describe('figures are rounded once from their exact value', () => {
  it('rounds seconds half to even at .0005', () => {
    const e = eventWriter();
    const events = [
      ['c-1', 'a-1', '09:00:00.0005'],
      ['c-2', 'a-2', '09:00:00.0015'],
      ['c-3', 'a-3', '09:00:01.0025'],
      ['c-4', 'a-4', '09:00:02.0035'],
    ].flatMap(([contact, agent, end]) => [
      e('chat.answered', '09:00:00', { contact, agent }),
      e('chat.ended', end, { contact }),
      e('chat.wrapup_done', end, { contact, agent }),
    ]);
    const acme = costDay(events, rateCards()).tenants.acme;
    expect(acme.contacts['c-1']).toMatchObject({ handleSeconds: 0, agentSeconds: 0 });
    expect(acme.contacts['c-2']).toMatchObject({ handleSeconds: 0.002, agentSeconds: 0.002 });
    expect(acme.contacts['c-3']).toMatchObject({ handleSeconds: 1.002, agentSeconds: 1.002 });
    expect(acme.contacts['c-4']).toMatchObject({ handleSeconds: 2.004, agentSeconds: 2.004 });
    expect(acme.agents['a-3']).toMatchObject({ paidSeconds: 1.002, contactSeconds: 1.002 });
  });

  it('rounds money half to even at .0000005', () => {
    const r = rateCards({ version: { usage: { tiny: '0.0000005' } } });
    const e = eventWriter();
    const events = [1, 3, 5, 7].map((quantity, i) =>
      e('usage.recorded', '09:00', { contact: `u-${i}`, resource: 'tiny', quantity }),
    );
    const contacts = costDay(events, r).tenants.acme.contacts;
    expect(['u-0', 'u-1', 'u-2', 'u-3'].map((c) => contacts[c].cost.usage)).toEqual([
      '0.000000',
      '0.000002',
      '0.000002',
      '0.000004',
    ]);
  });

  it('a total whose rounded parts differ from the rounded whole', () => {
    const r = rateCards({ version: { usage: { tiny: '0.0000005' } } });
    const e = eventWriter();
    const events = [
      e('usage.recorded', '09:00', { contact: 'u-1', resource: 'tiny', quantity: 1 }),
      e('contact.classified', '09:00', { contact: 'u-1', reason: 'sms', case: 'K-1' }),
      e('case.compensated', '09:01', { case: 'K-1', contact: 'u-1', amount: '0.0000005', kind: 'credit' }),
      e('usage.recorded', '09:00', { contact: 'u-2', resource: 'tiny', quantity: 1 }),
    ];
    const acme = costDay(events, r).tenants.acme;
    // u-1: 0.0000005 + 0.0000005 = 0.000001 exactly; each part prints 0.000000
    expect(acme.contacts['u-1'].cost).toMatchObject({ usage: '0.000000', compensation: '0.000000', total: '0.000001' });
    // channel: 0.0000005 × 3 = 0.0000015 → 0.000002; per contact 0.00000075 → 0.000001
    expect(acme.channels.unknown).toEqual({ contacts: 2, cost: '0.000002', costPerContact: '0.000001' });
    // case K-1 (u-1's case): contactCost 0.0000005 → 0.000000, compensation 0.0000005 → 0.000000, cost 0.000001
    expect(acme.cases['K-1']).toMatchObject({ contactCost: '0.000000', compensation: '0.000000', cost: '0.000001' });
    expect(acme.totals).toMatchObject({ contactCost: '0.000002', total: '0.000002', costPerContact: '0.000001' });
  });

  it('labour and overhead of 60 µs: 0.0000005 and 0.0000001 print 0, their total 0.0000006 prints 0.000001', () => {
    const r = rateCards({ version: { chatPerSession: '0' } });
    const e = eventWriter();
    const events = [
      e('chat.started', '09:00:00', { contact: 'c-1' }),
      e('chat.answered', '09:00:00', { contact: 'c-1', agent: 'a-1' }),
      e('chat.ended', '09:00:00.00006', { contact: 'c-1' }),
      e('chat.wrapup_done', '09:00:00.00006', { contact: 'c-1', agent: 'a-1' }),
    ];
    const acme = costDay(events, r).tenants.acme;
    expect(acme.contacts['c-1'].cost).toMatchObject({ labour: '0.000000', overhead: '0.000000', total: '0.000001' });
    expect(acme.agents['a-1'].contactCost).toBe('0.000001');
  });

  it('a per-contact figure is the exact quotient rounded once (10/3)', () => {
    const r = rateCards({ version: { chatPerSession: '0' } });
    const e = eventWriter();
    const events = [
      e('case.compensated', '09:00', { case: 'K', contact: 'c-1', amount: '10', kind: 'refund' }),
      e('chat.started', '09:00', { contact: 'c-1' }),
      e('chat.started', '09:00', { contact: 'c-2' }),
      e('chat.started', '09:00', { contact: 'c-3' }),
    ];
    expect(costDay(events, r).tenants.acme.channels.chat).toEqual({
      contacts: 3,
      cost: '10.000000',
      costPerContact: '3.333333',
    });
  });
});
