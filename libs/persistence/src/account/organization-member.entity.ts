import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A user's membership of an organization; owners administer the organization's namespace. */
@Entity('organization_members')
export class OrganizationMember {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @Index()
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Column({ name: 'is_owner', type: 'boolean', default: false })
  isOwner: boolean;
}
