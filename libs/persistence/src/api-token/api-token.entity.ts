import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An API token: only its SHA-256 hash is stored; the token itself is shown once at creation. */
@Entity('api_tokens')
// Listed oldest first, all of them or one account's (keyset order: creation, then id).
@Index('IDX_api_tokens_created', ['createdAt', 'id'])
@Index('IDX_api_tokens_account_created', ['accountId', 'createdAt', 'id'])
export class ApiToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ name: 'token_hash', unique: true })
  tokenHash: string;

  @Column({ name: 'token_label', default: '' })
  tokenLabel: string;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  /** Set when a system admin turned the token off: then only a system admin may turn it on again. */
  @Column({ name: 'deactivated_by_admin', type: 'boolean', default: false })
  deactivatedByAdmin: boolean;

  /** Made by the gateway from ADMIN_TOKEN (or generated at first start); a changed ADMIN_TOKEN replaces it. */
  @Column({ name: 'is_bootstrap', type: 'boolean', default: false })
  isBootstrap: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
