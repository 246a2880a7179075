import { createMigratedDatabase, MigratedDatabase } from '@hookyard/testing';
import { DataSource } from 'typeorm';
import { AccessRepository } from '../access/access.repository';
import { DatabaseTransactions } from '../transactions';
import { Account } from './account.entity';
import { AccountRepository } from './account.repository';

/** Accounts, organization members and teams against the real PostgreSQL with the migrations' schema. */
describe('AccountRepository', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;
  let accounts: AccountRepository;
  let transactions: DatabaseTransactions;
  let acme: Account;
  let rita: Account;

  const memberships = async (memberId: string) => ({
    orgs: (
      await dataSource.query(`SELECT is_owner FROM organization_members WHERE member_id = $1`, [memberId])
    ).map((row: { is_owner: boolean }) => row.is_owner),
    teams: (
      await dataSource.query(
        `SELECT t.name FROM team_members m JOIN teams t ON t.id = m.team_id WHERE m.member_id = $1 ORDER BY t.name`,
        [memberId],
      )
    ).map((row: { name: string }) => row.name),
  });

  beforeAll(async () => {
    database = await createMigratedDatabase();
    ({ dataSource } = database);
    accounts = new AccountRepository(dataSource);
    transactions = new DatabaseTransactions(dataSource);
    acme = await accounts.create({ name: 'acme', isOrg: true });
    rita = await accounts.create({ name: 'rita', fullName: 'Rita' });
  });

  afterAll(async () => {
    await database?.drop();
  });

  it("creates accounts with the columns' defaults and finds them by name and id", async () => {
    expect(rita).toMatchObject({
      name: 'rita',
      isOrg: false,
      isAdmin: false,
      isActive: true,
      fullName: 'Rita',
    });
    expect(rita.createdAt).toBeInstanceOf(Date);
    expect(await accounts.existsByName('acme')).toBe(true);
    expect(await accounts.existsByName('nobody')).toBe(false);
    expect(await accounts.findByName('acme')).toMatchObject({ id: acme.id, isOrg: true });
    expect(await accounts.findById(rita.id)).toMatchObject({ name: 'rita' });
    await expect(accounts.create({ name: 'rita' })).rejects.toThrow(/duplicate key/);
  });

  it('deactivates an active account once, and renames and activates it in a transaction', async () => {
    const dan = await accounts.create({ name: 'dan' });
    const rolledBack = transactions.run(async (transaction) => {
      expect(await accounts.deactivate(dan.id, transaction)).toBe(true);
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(await accounts.findActiveById(dan.id)).toMatchObject({ name: 'dan' });

    expect(await accounts.deactivate(dan.id)).toBe(true);
    expect(await accounts.deactivate(dan.id)).toBe(false);
    expect(await accounts.findActiveById(dan.id)).toBeNull();

    await transactions.run(async (transaction) => {
      await accounts.setFullName(dan.id, 'Dan', transaction);
      await accounts.activate(dan.id, transaction);
    });
    expect(await accounts.findActiveById(dan.id)).toMatchObject({ fullName: 'Dan' });
  });

  it("keeps an organization's members and teams, and takes a leaving member out of its teams", async () => {
    const ci = await accounts.createTeam({ orgId: acme.id, name: 'ci', description: 'builds' });
    const ops = await accounts.createTeam({ orgId: acme.id, name: 'ops', description: '' });
    expect(await accounts.teamExists(acme.id, 'ci')).toBe(true);
    expect(await accounts.teamExists(rita.id, 'ci')).toBe(false);
    const firstTeam = await accounts.listTeams(acme.id).page({ size: 1 });
    expect(firstTeam.items.map((t) => t.name)).toEqual(['ci']);
    const nextTeam = await accounts.listTeams(acme.id).page({ size: 1, start: firstTeam.nextStart });
    expect(nextTeam).toEqual({ items: [await accounts.findTeam(acme.id, 'ops')], nextStart: undefined });
    expect(await accounts.findTeam(acme.id, 'ops')).toMatchObject({ id: ops.id });

    // Joining a team makes a plain member of the organization, twice as once.
    await accounts.addTeamMember(acme.id, ci.id, rita.id);
    await accounts.addTeamMember(acme.id, ci.id, rita.id);
    await accounts.addTeamMember(acme.id, ops.id, rita.id);
    expect(await memberships(rita.id)).toEqual({ orgs: [false], teams: ['ci', 'ops'] });
    await accounts.setOrgMember(acme.id, rita.id, true);
    expect(await memberships(rita.id)).toEqual({ orgs: [true], teams: ['ci', 'ops'] });
    expect(await accounts.isOrgMember(acme.id, rita.id)).toBe(true);

    expect(await accounts.removeTeamMember(ops.id, rita.id)).toBe(true);
    expect(await accounts.removeTeamMember(ops.id, rita.id)).toBe(false);
    await accounts.addTeamMember(acme.id, ops.id, rita.id);
    await accounts.removeOrgMember(acme.id, rita.id);
    expect(await memberships(rita.id)).toEqual({ orgs: [], teams: [] });
    expect(await accounts.isOrgMember(acme.id, rita.id)).toBe(false);
  });

  it('deletes a team with its members, and its grants alongside in the same transaction', async () => {
    const access = new AccessRepository(dataSource);
    const qa = await accounts.createTeam({ orgId: acme.id, name: 'qa', description: '' });
    await accounts.addTeamMember(acme.id, qa.id, rita.id);
    const grant = { namespace: 'acme', repository: 'api', granteeKind: 'team' as const, granteeId: qa.id };
    await access.grant({ ...grant, accessLevel: 'admin' });
    await transactions.run(async (transaction) => {
      await access.revokeAllOf('team', qa.id, transaction);
      await accounts.deleteTeam(qa.id, transaction);
    });
    expect(await accounts.findTeam(acme.id, 'qa')).toBeNull();
    expect(await dataSource.query(`SELECT 1 FROM team_members WHERE team_id = $1`, [qa.id])).toEqual([]);
    expect(await access.listGrants('acme', 'api', 'team')).toEqual([]);
  });

  it('deletes a user with its memberships, and an organization with its teams, their members and grants', async () => {
    const access = new AccessRepository(dataSource);
    const org = await accounts.create({ name: 'doomed', isOrg: true });
    const user = await accounts.create({ name: 'leaver' });
    const stays = await accounts.create({ name: 'stayer' });
    const team = await accounts.createTeam({ orgId: org.id, name: 'crew', description: '' });
    await accounts.addTeamMember(org.id, team.id, user.id);
    await accounts.addTeamMember(org.id, team.id, stays.id);
    await access.grant({
      namespace: 'x',
      repository: 'y',
      granteeKind: 'team',
      granteeId: team.id,
      accessLevel: 'admin',
    });
    await access.grantNamespace({ namespace: 'doomed', teamId: team.id, accessLevel: 'read-only' });

    await transactions.run((transaction) => accounts.deleteAccount(user.id, transaction));
    expect(await accounts.findById(user.id)).toBeNull();
    expect(await memberships(user.id)).toEqual({ orgs: [], teams: [] });
    expect(await accounts.isTeamMember(team.id, stays.id)).toBe(true);

    await transactions.run(async (transaction) => {
      await access.revokeTeamsOf(org.id, transaction);
      await accounts.deleteAccount(org.id, transaction);
    });
    expect(await accounts.findById(org.id)).toBeNull();
    expect(await accounts.findTeam(org.id, 'crew')).toBeNull();
    expect(await memberships(stays.id)).toEqual({ orgs: [], teams: [] });
    expect(await access.listGrants('x', 'y', 'team')).toEqual([]);
    expect(await access.findNamespaceGrant('doomed', team.id)).toBeNull();
    await transactions.run((transaction) => accounts.deleteAccount(stays.id, transaction));
  });

  it("lists every account by name, a user's organizations, and an organization's and a team's members", async () => {
    const globex = await accounts.create({ name: 'globex', isOrg: true });
    const bart = await accounts.create({ name: 'bart' });
    const zoe = await accounts.create({ name: 'zoe' });
    const docs = await accounts.createTeam({ orgId: globex.id, name: 'docs', description: '' });
    await accounts.setOrgMember(globex.id, zoe.id, false);
    await accounts.setOrgMember(globex.id, rita.id, true);
    await accounts.addTeamMember(globex.id, docs.id, zoe.id);
    await accounts.addTeamMember(globex.id, docs.id, bart.id);
    await accounts.setOrgMember(acme.id, zoe.id, false);

    expect((await accounts.listAll()).map((a) => a.name)).toEqual([
      'acme',
      'bart',
      'dan',
      'globex',
      'rita',
      'zoe',
    ]);
    expect((await accounts.organizationsOf(zoe.id)).map((a) => a.name)).toEqual(['acme', 'globex']);
    expect(await accounts.organizationsOf(globex.id)).toEqual([]);
    // Owners first, then by name; joining the team made bart a plain member.
    expect(
      (await accounts.listOrgMembers(globex.id)).map(({ member, isOwner }) => [member.name, isOwner]),
    ).toEqual([
      ['rita', true],
      ['bart', false],
      ['zoe', false],
    ]);
    expect((await accounts.listTeamMembers(docs.id)).map((a) => a.name)).toEqual(['bart', 'zoe']);
    expect(await accounts.listTeamMembers(globex.id)).toEqual([]);
  });
});
