// Store contract: teams, their routing policy and business hours, and their members.
import { beforeEach, describe, expect, it } from 'vitest';
import type { RoutingPolicy } from '../domain/agent-selection.js';
import type { BusinessHours } from '../domain/business-hours.js';
import { asAgentId, asTeamId, asTenantId } from '../domain/ids.js';
import type { Store } from './store.js';
import type { Fixture, StoreTest } from './store-support.contract.js';
import type { NewTeam } from './team-store.js';

const HOURS: BusinessHours = {
  timeZone: 'Asia/Shanghai',
  weekly: [
    { day: 1, open: '09:00', close: '18:00' },
    { day: 2, open: '09:00', close: '24:00' },
  ],
  holidays: ['2025-10-01'],
};

const sales: NewTeam = { name: 'Sales', policy: 'least_busy', businessHours: HOURS };
const support: NewTeam = { name: 'Support', policy: 'round_robin', businessHours: null };

export function describeTeamContract(t: StoreTest): void {
  const { seed, newAgent } = t;

  describe('teams', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

    it('creates teams with fresh ids and reads them back by id and in creation order', async () => {
      const f = await seed();
      const a = await store.createTeam(f.tenant.id, sales);
      const b = await store.createTeam(f.tenant.id, support);
      expect(a.id).not.toBe(b.id);
      expect(a).toMatchObject({ tenantId: f.tenant.id, name: 'Sales', policy: 'least_busy', businessHours: HOURS });
      expect(b).toMatchObject({ tenantId: f.tenant.id, name: 'Support', policy: 'round_robin', businessHours: null });
      expect(Date.parse(a.createdAt)).not.toBeNaN();
      expect(await store.getTeam(f.tenant.id, a.id)).toEqual(a);
      expect(await store.getTeam(f.tenant.id, b.id)).toEqual(b);
      expect(await store.listTeams(f.tenant.id)).toEqual([a, b]);
      expect(await store.getTeam(f.tenant.id, asTeamId('nope'))).toBeNull();
    });

    it('refuses a team for a tenant that does not exist', async () => {
      await expect(store.createTeam(asTenantId('no-such-tenant'), sales)).rejects.toMatchObject({ code: 'not_found' });
      expect(await store.listTeams(asTenantId('no-such-tenant'))).toEqual([]);
    });

    it('changes only the fields a patch names; null business hours means always open', async () => {
      const f = await seed();
      const team = await store.createTeam(f.tenant.id, sales);
      const renamed = await store.updateTeam(f.tenant.id, team.id, { name: 'Pre-sales' });
      expect(renamed).toEqual({ ...team, name: 'Pre-sales' });
      const manual = await store.updateTeam(f.tenant.id, team.id, { policy: 'manual', businessHours: null });
      expect(manual).toEqual({ ...team, name: 'Pre-sales', policy: 'manual', businessHours: null });
      const hours = { ...HOURS, holidays: [] };
      const reopened = await store.updateTeam(f.tenant.id, team.id, { businessHours: hours });
      expect(reopened).toEqual({ ...team, name: 'Pre-sales', policy: 'manual', businessHours: hours });
      expect(await store.getTeam(f.tenant.id, team.id)).toEqual(reopened);
      expect(await store.updateTeam(f.tenant.id, asTeamId('nope'), { name: 'x' })).toBeNull();
    });

    it('refuses a policy it does not know and stores nothing', async () => {
      const f = await seed();
      const odd = 'random' as RoutingPolicy;
      await expect(store.createTeam(f.tenant.id, { ...sales, policy: odd })).rejects.toThrow();
      expect(await store.listTeams(f.tenant.id)).toEqual([]);
      const team = await store.createTeam(f.tenant.id, sales);
      await expect(store.updateTeam(f.tenant.id, team.id, { name: 'x', policy: odd })).rejects.toThrow();
      expect(await store.getTeam(f.tenant.id, team.id)).toEqual(team);
    });

    it('adds members idempotently and lists members and the teams of an agent', async () => {
      const f = await seed();
      const other = await newAgent(f.tenant.id, 'other');
      const a = await store.createTeam(f.tenant.id, sales);
      const b = await store.createTeam(f.tenant.id, support);
      expect(await store.addTeamMember(f.tenant.id, a.id, f.agent.id)).toBe(true);
      expect(await store.addTeamMember(f.tenant.id, a.id, other.id)).toBe(true);
      expect(await store.addTeamMember(f.tenant.id, a.id, f.agent.id)).toBe(true);
      expect(await store.addTeamMember(f.tenant.id, b.id, f.agent.id)).toBe(true);
      expect((await store.listTeamMembers(f.tenant.id, a.id)).sort()).toEqual([f.agent.id, other.id].sort());
      expect(await store.listTeamMembers(f.tenant.id, b.id)).toEqual([f.agent.id]);
      expect((await store.listTeamsOfAgent(f.tenant.id, f.agent.id)).sort()).toEqual([a.id, b.id].sort());
      expect(await store.listTeamsOfAgent(f.tenant.id, other.id)).toEqual([a.id]);
      const loner = await newAgent(f.tenant.id, 'loner');
      expect(await store.listTeamsOfAgent(f.tenant.id, loner.id)).toEqual([]);
    });

    it('removes a member once and says whether it was one', async () => {
      const f = await seed();
      const other = await newAgent(f.tenant.id, 'other');
      const team = await store.createTeam(f.tenant.id, sales);
      await store.addTeamMember(f.tenant.id, team.id, f.agent.id);
      await store.addTeamMember(f.tenant.id, team.id, other.id);
      expect(await store.removeTeamMember(f.tenant.id, team.id, f.agent.id)).toBe(true);
      expect(await store.removeTeamMember(f.tenant.id, team.id, f.agent.id)).toBe(false);
      expect(await store.listTeamMembers(f.tenant.id, team.id)).toEqual([other.id]);
      expect(await store.listTeamsOfAgent(f.tenant.id, f.agent.id)).toEqual([]);
      expect(await store.addTeamMember(f.tenant.id, team.id, f.agent.id)).toBe(true);
      expect((await store.listTeamMembers(f.tenant.id, team.id)).sort()).toEqual([f.agent.id, other.id].sort());
    });

    it('refuses a member when the team or the agent does not exist', async () => {
      const f = await seed();
      const team = await store.createTeam(f.tenant.id, sales);
      expect(await store.addTeamMember(f.tenant.id, asTeamId('nope'), f.agent.id)).toBe(false);
      expect(await store.addTeamMember(f.tenant.id, team.id, asAgentId('nope'))).toBe(false);
      expect(await store.listTeamMembers(f.tenant.id, team.id)).toEqual([]);
      expect(await store.listTeamsOfAgent(f.tenant.id, f.agent.id)).toEqual([]);
      expect(await store.removeTeamMember(f.tenant.id, asTeamId('nope'), f.agent.id)).toBe(false);
    });
  });

  describe('teams across tenants', () => {
    let store: Store;
    let f: Fixture;
    let g: Fixture;

    beforeEach(async () => {
      store = t.store;
      f = await seed('a');
      g = await seed('b');
    });

    it("sees nothing of another tenant's teams and changes none of them", async () => {
      const team = await store.createTeam(f.tenant.id, sales);
      await store.addTeamMember(f.tenant.id, team.id, f.agent.id);
      expect(await store.getTeam(g.tenant.id, team.id)).toBeNull();
      expect(await store.listTeams(g.tenant.id)).toEqual([]);
      expect(await store.updateTeam(g.tenant.id, team.id, { name: 'Mallory', policy: 'manual' })).toBeNull();
      expect(await store.getTeam(f.tenant.id, team.id)).toEqual(team);
      expect(await store.listTeamMembers(g.tenant.id, team.id)).toEqual([]);
      expect(await store.listTeamsOfAgent(g.tenant.id, f.agent.id)).toEqual([]);
      expect(await store.removeTeamMember(g.tenant.id, team.id, f.agent.id)).toBe(false);
      expect(await store.listTeamMembers(f.tenant.id, team.id)).toEqual([f.agent.id]);
    });

    it('never makes a membership that crosses tenants', async () => {
      const mine = await store.createTeam(f.tenant.id, sales);
      const theirs = await store.createTeam(g.tenant.id, sales);
      expect(await store.addTeamMember(f.tenant.id, mine.id, g.agent.id)).toBe(false);
      expect(await store.addTeamMember(g.tenant.id, mine.id, g.agent.id)).toBe(false);
      expect(await store.addTeamMember(f.tenant.id, theirs.id, f.agent.id)).toBe(false);
      expect(await store.addTeamMember(g.tenant.id, theirs.id, f.agent.id)).toBe(false);
      expect(await store.listTeamMembers(f.tenant.id, mine.id)).toEqual([]);
      expect(await store.listTeamMembers(g.tenant.id, theirs.id)).toEqual([]);
      expect(await store.listTeamsOfAgent(g.tenant.id, g.agent.id)).toEqual([]);
      expect(await store.listTeamsOfAgent(f.tenant.id, f.agent.id)).toEqual([]);
    });
  });
}
