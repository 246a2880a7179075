export * from './organization-member.entity';
export * from './repository-access.entity';
export * from './team-member.entity';
export * from './team.entity';
