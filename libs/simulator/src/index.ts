export * from './simulated-message';
export * from './simulator-options';
export * from './simulator-args.parser';
export * from './simulator-stats';
export * from './message-stream.generator';
export * from './rate-cards.generator';
export * from './simulate.command';
export { tenantProfile, tenantRoster } from './tenant-catalogue';
export type { TenantProfile, RosterAgent, AgentChannel } from './tenant-catalogue';
