// Recent queue waits per tenant, for the visitor's estimated wait. Kept in memory: an estimate
// that starts from a default after a restart is good enough, and costs no store reads.
import type { TenantId } from '../domain/ids.js';

const KEEP = 50;
/** The estimate for a tenant with no recent assignment. */
export const DEFAULT_WAIT_MS = 60_000;

export class WaitStats {
  private readonly waits = new Map<TenantId, number[]>();

  record(tenantId: TenantId, waitMs: number): void {
    let list = this.waits.get(tenantId);
    if (!list) this.waits.set(tenantId, (list = []));
    list.push(Math.max(0, waitMs));
    if (list.length > KEEP) list.shift();
  }

  /** Median of the recent waits; the median, not the mean, so one forgotten conversation does not skew it. */
  typicalWaitMs(tenantId: TenantId): number {
    const list = this.waits.get(tenantId);
    if (!list || list.length === 0) return DEFAULT_WAIT_MS;
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  }

  /**
   * The wait of the visitor at `position` (1 = next): a conversation is served each time one of
   * `servers` agents frees up, and a typical wait passes per round of them.
   */
  estimateMs(tenantId: TenantId, position: number, servers: number): number {
    return Math.ceil(position / Math.max(1, servers)) * this.typicalWaitMs(tenantId);
  }
}
