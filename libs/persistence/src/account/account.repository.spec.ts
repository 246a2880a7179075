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
    expect((await accounts.findByIds([acme.id, rita.id])).map((a) => a.name).sort()).toEqual([
      'acme',
      'rita',
    ]);
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
    expect((await accounts.listTeams(acme.id)).map((t) => t.name)).toEqual(['ci', 'ops']);
    expect(await accounts.findTeam(acme.id, 'ops')).toMatchObject({ id: ops.id });
    expect((await accounts.findTeamsByIds([ci.id])).map((t) => t.name)).toEqual(['ci']);

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
