import { Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('team_members')
export class TeamMember {
  @PrimaryColumn({ name: 'team_id', type: 'uuid' })
  teamId: string;

  @Index()
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId: string;
}
