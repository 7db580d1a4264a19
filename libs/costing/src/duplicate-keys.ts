/**
 * The accepted `(tenant, id)` pairs, for first-wins duplicates (events.md). `origin` is where the event came from
 * (a replay passes the byte offset of its line), so an index may keep compact fingerprints and verify a match there.
 */
export interface DuplicateKeys {
  has(tenant: string, id: string): boolean;
  add(tenant: string, id: string, origin: number): void;
}

/** Every key as a string in memory. */
export class InMemoryDuplicateKeys implements DuplicateKeys {
  private readonly byTenant = new Map<string, Set<string>>();

  has(tenant: string, id: string): boolean {
    return this.byTenant.get(tenant)?.has(id) ?? false;
  }

  add(tenant: string, id: string): void {
    let ids = this.byTenant.get(tenant);
    if (!ids) {
      ids = new Set();
      this.byTenant.set(tenant, ids);
    }
    ids.add(id);
  }
}

/** For events already de-duplicated upstream (the live roll-up reads them from the event store): keeps nothing. */
export class UpstreamDuplicateKeys implements DuplicateKeys {
  has(): boolean {
    return false;
  }

  add(): void {}
}
